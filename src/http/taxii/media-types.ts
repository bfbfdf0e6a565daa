/** TAXII 2.1 §3.1: the media type (with its version) of every TAXII resource this server sends. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
/** The STIX 2.1 media type, which collections list in `media_types` (TAXII 2.1 §5.2.1). */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

interface MediaRange {
  type: string;
  version?: string;
  q: number;
}

function parseMediaRanges(header: string): MediaRange[] {
  return header.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((p) => p.trim());
    const range: MediaRange = { type: type.toLowerCase(), q: 1 };
    for (const param of params) {
      const [key = '', value = ''] = param.split('=').map((p) => p.trim());
      if (key.toLowerCase() === 'version') range.version = value.replace(/^"|"$/g, '');
      if (key.toLowerCase() === 'q') range.q = Number(value);
    }
    return range;
  });
}

/** `application/taxii+json` with version 2.1 or no version (which means the newest: 2.1). */
function isTaxii21(range: MediaRange): boolean {
  return (
    range.type === 'application/taxii+json' &&
    (range.version === undefined || range.version === '2.1')
  );
}

/** `application/stix+json` with version 2.1 or no version. */
function isStix21(range: MediaRange): boolean {
  return (
    range.type === 'application/stix+json' &&
    (range.version === undefined || range.version === '2.1')
  );
}

/**
 * Whether an `Accept` header admits what this server answers (otherwise 406). The TAXII 2.1
 * type, and the STIX 2.1 type, which §5.3 lists in the Accept header of Get Object Manifests
 * (§3.1: a type an endpoint defines MUST NOT get a 406; any other endpoint MAY answer it too,
 * and does, with the TAXII type). No header, `*\/*` and `application/*` admit anything
 * (RFC 9110 §12.5.1).
 */
export function acceptsTaxii(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true;
  return parseMediaRanges(header).some(
    (r) =>
      r.q > 0 && (r.type === '*/*' || r.type === 'application/*' || isTaxii21(r) || isStix21(r)),
  );
}

/** Whether a `Content-Type` is the TAXII 2.1 media type (TAXII 2.1 §5.5: otherwise 415). */
export function isTaxiiContentType(header: string | undefined): boolean {
  const [range] = header ? parseMediaRanges(header) : [];
  return range !== undefined && isTaxii21(range);
}

import { createHash } from 'node:crypto';

/**
 * Deterministic synthetic STIX 2.1 indicators for benchmarks: realistic shape (pattern,
 * markings, external references, kill chain), about 600 bytes of JSON each.
 */
const TLP_GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const TLP_CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';
const TLP_AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const CREATOR = 'identity--8d3c2f0e-5b7a-4c1e-9f2d-6a4b3c2d1e0f';

/**
 * A UUIDv4-shaped id, random-looking but fixed by n (SHA-256 of n). Real STIX ids are random
 * UUIDs, which land anywhere in an index keyed by id; counting ids (the first version of this
 * file) all landed at its right edge and made every write benchmark look faster than real
 * data would let it be.
 */
function uuidFor(n: number): string {
  const h = createHash('sha256').update(`synthetic-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hexOf(n: number, length: number): string {
  let out = '';
  let x = (n * 2654435761) >>> 0;
  while (out.length < length) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** The n-th synthetic indicator (same n, same object). */
export function syntheticIndicator(n: number): Record<string, unknown> {
  const day = String(1 + (n % 28)).padStart(2, '0');
  const created = `2024-02-${day}T08:${String(n % 60).padStart(2, '0')}:00.000Z`;
  const kind = n % 3;
  const pattern =
    kind === 0
      ? `[file:hashes.'SHA-256' = '${hexOf(n, 64)}']`
      : kind === 1
        ? `[ipv4-addr:value = '${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}.${(n * 7) & 255}']`
        : `[domain-name:value = 'c2-${hexOf(n, 10)}.example.net']`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidFor(n)}`,
    created_by_ref: CREATOR,
    created,
    modified: created,
    name: `Synthetic indicator ${n}`,
    description: 'Observed in a phishing campaign delivering a loader; see the referenced report.',
    indicator_types: ['malicious-activity'],
    pattern,
    pattern_type: 'stix',
    valid_from: created,
    kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }],
    external_references: [
      {
        source_name: 'shura-bench',
        url: `https://reports.example.org/${n}`,
        external_id: `RPT-${n}`,
      },
    ],
    object_marking_refs: [[TLP_GREEN, TLP_CLEAR, TLP_AMBER][n % 3]],
  };
}

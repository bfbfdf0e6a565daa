import { stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { compileBulkMatcher, type IndicatorInput } from '../../pattern/bulk-matcher.js';
import {
  isSco,
  observationOfObservedData,
  observationOfSco,
  observationsFrom,
  type Observation,
  type Sco,
} from '../../pattern/observation.js';
import { PatternError } from '../../pattern/pattern-error.js';
import { organizationViewer } from '../../identity/viewer-of.js';
import { redact } from '../../policy/redact.js';
import { actingOrganization, openNodeFor } from '../node-context.js';
import { EXIT_OK, UsageError, type CliIo, type Command } from '../command.js';
import { progressBar } from '../progress.js';
import { readInput } from '../read-input.js';

const usage = `Usage: shura match --indicators <bundle.json|-|node> [--format ndjson|table] <observations|->

Matches observations against the STIX 2.1 patterns of indicators (STIX 2.1 §9), all patterns
compiled once into indexes. Each observation is matched on its own: patterns that join
several observations (AND, FOLLOWEDBY) match when one observed-data stands for enough
Observations (number_observed).

Indicators: a STIX bundle, a JSON array or NDJSON of indicator objects (pattern_type stix),
or "node": every latest indicator this node's organization may see (--data, --org).
Observations: a STIX bundle or JSON array of observed-data and SCOs; NDJSON of such objects
(object_refs resolve to SCOs on earlier lines); or lines of "type,value", e.g.
  ipv4-addr,10.0.0.1
  domain-name,example.com
  file:hashes.'SHA-256',<hex>
Blank lines and lines starting with # are skipped.

Output, for each observation with matches: an NDJSON record
  {"observation":"<id or line>","line":<n>,"indicators":["indicator--..."]}
or, with --format table, a table. A summary goes to standard error, with a progress bar when
it is a terminal. Invalid patterns and malformed observation lines are reported and skipped.

Options:
  --indicators <file|-|node>  indicators to match against (required)
  --data <dir>              with --indicators node: data directory (env SHURA_HOME)
  --org <id>                with --indicators node: whose view (default: the node's organization)
  --format ndjson|table     output format (default ndjson)
  -h, --help                show this help`;

/** One observation to match, as read from input. */
export type ObservationInput =
  | { kind: 'observation'; label: string; line: number; observation: Observation }
  | { kind: 'line'; label: string; line: number; text: string }
  | { kind: 'invalid'; line: number; message: string };

/** The indicators of one observation that matched. */
export interface MatchRecord {
  observation: string;
  line: number;
  indicators: readonly string[];
}

/** Counts reported at the end of a run. */
export interface MatchSummary {
  observations: number;
  matched: number;
  indicators: number;
  invalidPatterns: number;
  skippedIndicators: number;
  invalidObservations: number;
}

/**
 * The core of `shura match`: compiles the STIX indicators among `indicators` (others are
 * counted as skipped) and yields a record for every observation that matches. Problems go to
 * `warn`. Independent of where indicators and observations come from.
 */
export async function* matchObservations(
  indicators: Iterable<unknown>,
  observations: AsyncIterable<ObservationInput>,
  summary: MatchSummary,
  warn: (message: string) => void,
): AsyncGenerator<MatchRecord> {
  const usable: IndicatorInput[] = [];
  for (const object of indicators) {
    const o = object as { type?: unknown; id?: unknown; pattern?: unknown; pattern_type?: unknown };
    if (o?.type !== 'indicator') continue;
    if (
      typeof o.id === 'string' &&
      typeof o.pattern === 'string' &&
      (o.pattern_type ?? 'stix') === 'stix'
    )
      usable.push({ id: o.id, pattern: o.pattern });
    else summary.skippedIndicators++;
  }
  const bulk = compileBulkMatcher(usable);
  for (const { id, error } of bulk.rejected) warn(`${id}: invalid pattern: ${error.message}`);
  summary.indicators = usable.length - bulk.rejected.length;
  summary.invalidPatterns = bulk.rejected.length;
  for await (const input of observations) {
    if (input.kind === 'invalid') {
      summary.invalidObservations++;
      warn(`observation line ${input.line}: ${input.message}`);
      continue;
    }
    let found: readonly string[];
    try {
      found =
        input.kind === 'line'
          ? bulk.matchLine(input.text)
          : bulk.matchObservation(input.observation);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      summary.invalidObservations++;
      warn(`observation line ${input.line}: ${error.diagnostic.message}`);
      continue;
    }
    summary.observations++;
    if (found.length === 0) continue;
    summary.matched++;
    yield { observation: input.label, line: input.line, indicators: found };
  }
}

/** The objects of a bundle, a JSON array, or NDJSON text. Throws UsageError when it is none of these. */
export function stixObjectsOf(text: string, what: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (Array.isArray(value)) return value;
    const bundle = value as { type?: unknown; objects?: unknown };
    if (bundle?.type === 'bundle') return Array.isArray(bundle.objects) ? bundle.objects : [];
    return [value];
  } catch {
    const out: unknown[] = [];
    trimmed.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line));
      } catch {
        throw new UsageError(
          `${what}: line ${i + 1} is not JSON (expected a bundle, an array or NDJSON)`,
        );
      }
    });
    return out;
  }
}

/**
 * Reads observations from a stream, sniffing the format from the first non-blank line: `[` or
 * a `{` that does not close on its line starts one JSON document; a whole JSON object per line
 * is NDJSON; anything else is `type,value` lines.
 */
export async function* readObservations(
  stream: Readable,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<ObservationInput> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let mode: 'json' | 'ndjson' | 'lines' | undefined;
  let number = 0;
  let bytes = 0;
  const documentLines: string[] = [];
  const pool = new Map<string, Sco>();
  for await (const line of lines) {
    number++;
    bytes += Buffer.byteLength(line) + 1;
    if (number % 1024 === 0) onProgress?.(bytes);
    const trimmed = line.trim();
    if (mode === undefined) {
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      mode =
        trimmed.startsWith('[') || (trimmed.startsWith('{') && !parses(trimmed))
          ? 'json'
          : trimmed.startsWith('{')
            ? 'ndjson'
            : 'lines';
    }
    if (mode === 'json') {
      documentLines.push(line);
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (mode === 'lines') {
      yield { kind: 'line', label: trimmed, line: number, text: trimmed };
      continue;
    }
    let object: unknown;
    try {
      object = JSON.parse(trimmed);
    } catch {
      yield { kind: 'invalid', line: number, message: 'not JSON' };
      continue;
    }
    for (const observation of ndjsonObservations(object, pool))
      yield {
        kind: 'observation',
        label: observation.id ?? `line ${number}`,
        line: number,
        observation,
      };
  }
  onProgress?.(bytes);
  if (mode !== 'json') return;
  let objects: unknown[];
  try {
    objects = stixObjectsOf(documentLines.join('\n'), 'observations');
  } catch (error) {
    yield { kind: 'invalid', line: 1, message: (error as Error).message };
    return;
  }
  for (const observation of observationsFrom(objects))
    yield { kind: 'observation', label: observation.id ?? '(no id)', line: 0, observation };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The observations one NDJSON object stands for; SCOs are remembered for later object_refs. */
function ndjsonObservations(object: unknown, pool: Map<string, Sco>): Observation[] {
  if ((object as { type?: unknown })?.type === 'bundle') {
    const objects = (object as { objects?: unknown }).objects;
    return observationsFrom(Array.isArray(objects) ? objects : []);
  }
  const observed = observationOfObservedData(object, pool);
  if (observed) return [observed];
  if (!isSco(object)) return [];
  if (typeof object.id === 'string') pool.set(object.id, object);
  return [observationOfSco(object, pool)];
}

/** `shura match --indicators <bundle|-> [--format ndjson|table] <observations|->`. */
export const matchCommand: Command = {
  name: 'match',
  summary: 'match observations (STIX, NDJSON or type,value lines) against indicator patterns',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: {
        indicators: { type: 'string' },
        format: { type: 'string', default: 'ndjson' },
        data: { type: 'string' },
        org: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (!values.indicators) throw new UsageError('--indicators is required');
    if (values.format !== 'ndjson' && values.format !== 'table')
      throw new UsageError(`--format must be ndjson or table, got "${values.format}"`);
    if (positionals.length !== 1) throw new UsageError('expected one observations file (or -)');
    const source = positionals[0]!;
    if (source === '-' && values.indicators === '-')
      throw new UsageError('indicators and observations cannot both come from standard input');
    const indicators =
      values.indicators === 'node'
        ? await indicatorsOfNode(io, values.data, values.org)
        : stixObjectsOf(await readInput(values.indicators, io.stdin), 'indicators');
    const stream = source === '-' ? io.stdin : await openFile(source);
    const total = source === '-' ? 0 : (await stat(source)).size;
    const bar = progressBar(io.stderr, 'matching');
    const summary: MatchSummary = {
      observations: 0,
      matched: 0,
      indicators: 0,
      invalidPatterns: 0,
      skippedIndicators: 0,
      invalidObservations: 0,
    };
    const warn = (message: string) =>
      io.stderr.write(`${io.stderr.isTTY ? '\r\x1b[K' : ''}warning: ${message}\n`);
    const onProgress =
      total > 0 ? (bytes: number) => bar.update(Math.min(bytes, total), total) : undefined;
    const rows: MatchRecord[] = [];
    for await (const record of matchObservations(
      indicators,
      readObservations(stream, onProgress),
      summary,
      warn,
    )) {
      if (values.format === 'table') rows.push(record);
      else await write(io.stdout, `${JSON.stringify(record)}\n`);
    }
    bar.finish();
    if (values.format === 'table') await write(io.stdout, table(rows));
    io.stderr.write(
      `matched ${summary.matched} of ${summary.observations} observations against ${summary.indicators} indicators` +
        (summary.invalidPatterns ? `; ${summary.invalidPatterns} invalid patterns skipped` : '') +
        (summary.skippedIndicators
          ? `; ${summary.skippedIndicators} non-STIX or incomplete indicators skipped`
          : '') +
        (summary.invalidObservations
          ? `; ${summary.invalidObservations} invalid observations skipped`
          : '') +
        '\n',
    );
    return EXIT_OK;
  },
};

/**
 * The latest version of every indicator the acting organization may see on this node, read
 * through the policy gate and redacted like any other read.
 */
async function indicatorsOfNode(
  io: CliIo,
  dataDir: string | undefined,
  orgId: string | undefined,
): Promise<unknown[]> {
  const node = await openNodeFor(io, { dataDir });
  try {
    const organization = await actingOrganization(node, orgId);
    const viewer = await organizationViewer(node.store, organization.id);
    const indicators: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await node.store.queryObjects(
        { types: ['indicator'], limit: 1000, ...(cursor ? { cursor } : {}) },
        viewer,
      );
      for (const version of page.items)
        indicators.push(redact(version.object, version.granular, viewer));
      cursor = page.next;
    } while (cursor);
    return indicators;
  } finally {
    await node.close();
  }
}

async function openFile(path: string): Promise<Readable> {
  try {
    await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${code ?? String(error)}`,
    );
  }
  return createReadStream(path);
}

function table(rows: MatchRecord[]): string {
  const pairs = rows.flatMap((r) =>
    r.indicators.map((id) => [r.line > 0 ? `${r.line}` : '', r.observation, id]),
  );
  const head = ['line', 'observation', 'indicator'];
  const widths = head.map((h, i) => Math.max(h.length, ...pairs.map((p) => p[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return (
    [format(head), format(widths.map((w) => '-'.repeat(w))), ...pairs.map(format)].join('\n') + '\n'
  );
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

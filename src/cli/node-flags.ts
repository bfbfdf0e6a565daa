/**
 * The V8 flags `npm start` runs the node with (package.json's `start` script repeats them; a
 * test keeps the two the same), and the benchmarks run their server process with.
 *
 * `--max-semi-space-size=64`: a young generation of up to 2 × 64 MiB instead of 2 × 16 MiB.
 * A TAXII envelope of 1,000 objects stays alive for the whole request (~25 ms), through the
 * scavenges that V8 runs every ~15 MiB allocated, so it was copied and promoted each time:
 * garbage collection took 17–19% of the serving thread during bulk POST at 1M stored objects,
 * ~11% with this flag (docs/BENCHMARKS.md, sixth session). The space only grows under such load; an idle node
 * does not pay for it. Running `shura serve` by hand, pass it to node (or in `NODE_OPTIONS`).
 */
export const SERVE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent.
 * With the heap limit Node.js picks on a host with memory to spare (gigabytes), V8 lets it grow to
 * up to four times that before it collects again: a 10,000-probe prober keeping about 120 MiB
 * reached 477-493 MiB of RSS that way. Growing by half keeps it near what it holds, for more
 * frequent full collections (bench figures `scale-10000-*`, docs/benchmarks.md).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * V8 allocates straight into the old generation from an allocation site whose objects mostly
 * survived a young collection. In the prober that put about 13 KB of every run's short-lived
 * objects there at 10,000 probes (most likely from the sites a run shares with start-up, which
 * builds every series and client at once and keeps them): a full collection every 4 s and a tenth
 * of the prober's CPU. Without the heuristic they die young, as they do (docs/benchmarks.md,
 * "Profiles").
 */
const PRETENURING = 'allocation-site-pretenuring';

/** A V8 flag's name as given on the command line, without dashes, `no-` or a value, `_` as `-`. */
function flagName(arg: string): string {
  return arg
    .replace(/^--?/, '')
    .replace(/_/g, '-')
    .replace(/^no-/, '')
    .replace(/=.*$/, '');
}

/** The flags Node.js was started with: its own arguments and NODE_OPTIONS. */
function givenFlags(): string[] {
  return [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].filter((arg) => arg.startsWith('-'));
}

/**
 * Sets the prober's V8 heap flags for the rest of the process: the old generation's growth
 * bounded to `percent`, and allocation-site pretenuring off. V8 reads both at every collection, so
 * they apply at run time, to a process that has not yet built its probes. A flag given with
 * `node --heap-growing-percent=N` (or `--allocation-site-pretenuring`) or in NODE_OPTIONS wins;
 * `--max-old-space-size` still bounds the heap as a whole. Returns the flags it set.
 */
export function tuneHeap(percent = HEAP_GROWING_PERCENT, given: readonly string[] = givenFlags()): string[] {
  const named = new Set(given.map(flagName));
  const set: string[] = [];
  if (!named.has('heap-growing-percent')) set.push(`--heap-growing-percent=${percent}`);
  if (!named.has(PRETENURING)) set.push(`--no-${PRETENURING}`);
  for (const flag of set) setFlagsFromString(flag);
  return set;
}

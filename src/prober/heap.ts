import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent.
 * With the heap limit Node.js picks on a host with memory to spare (gigabytes), V8 lets it grow to
 * up to four times that before it collects again: a 10,000-probe prober keeping about 120 MiB
 * reached 477-493 MiB of RSS that way. Growing by half keeps it near what it holds, for more
 * frequent full collections (bench figures `scale-10000-*`, docs/benchmarks.md).
 */
export const HEAP_GROWING_PERCENT = 50;

const FLAG = '--heap-growing-percent';

/**
 * Bounds the heap's growth for the rest of the process (V8 reads this flag at every full
 * collection, so it applies at run time). A value given with `node --heap-growing-percent=N` or in
 * NODE_OPTIONS wins; `--max-old-space-size` still bounds the heap as a whole.
 */
export function boundHeapGrowth(percent = HEAP_GROWING_PERCENT, given: readonly string[] = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)]): boolean {
  if (given.some((arg) => arg.replace(/_/g, '-').startsWith(FLAG))) return false;
  setFlagsFromString(`${FLAG}=${percent}`);
  return true;
}

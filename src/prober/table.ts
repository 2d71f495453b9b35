import type { ProbeResult } from './types.ts';

/** The `--once` report: one row per probe, columns padded, the first violation or error last. */
export function formatResultsTable(results: readonly ProbeResult[]): string {
  const header = ['TARGET', 'PROBE', 'OUTCOME', 'STATUSCODE', 'MS', 'FIRST VIOLATION'];
  const rows = results.map((r) => [
    r.target,
    r.probe,
    r.outcome,
    r.statusCode === null ? '-' : String(r.statusCode),
    String(Math.round(r.durationMs)),
    (r.violations[0]?.message ?? r.error ?? '').replace(/\s+/g, ' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

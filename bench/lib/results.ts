import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { round } from './stats.ts';
import type { MachineInfo } from './machine.ts';

/**
 * One measured figure. With a peer, `ratio` is gwscheck / peer and `goal` bounds the ratio;
 * without one, `peer`, `peerValue` and `ratio` are null and `goal` states the absolute bound.
 */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly gwscheck: number | null;
  readonly peer: string | null;
  readonly peerValue: number | null;
  readonly ratio: number | null;
  readonly goal: string;
  readonly met: boolean;
}

export interface Results {
  readonly machine: MachineInfo;
  readonly date: string;
  readonly figures: readonly Figure[];
}

export type Comparison = '<=' | '<' | '>=' | '>' | '=';

function holds(value: number, op: Comparison, bound: number): boolean {
  switch (op) {
    case '<=':
      return value <= bound;
    case '<':
      return value < bound;
    case '>=':
      return value >= bound;
    case '>':
      return value > bound;
    case '=':
      return value === bound;
  }
}

function finiteOrNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : round(value);
}

/** A figure judged by the ratio gwscheck / peer, e.g. `<= 1` for "no worse than the peer". */
export function peerFigure(
  name: string,
  unit: string,
  gwscheck: number | null,
  peer: string,
  peerValue: number | null,
  op: Comparison,
  bound: number,
): Figure {
  const ratio = gwscheck !== null && peerValue !== null && peerValue !== 0 ? gwscheck / peerValue : null;
  // A non-positive peer value makes the ratio meaningless, so compare the values directly then.
  const positive = peerValue !== null && peerValue > 0 && gwscheck !== null && gwscheck >= 0;
  const met =
    gwscheck !== null &&
    peerValue !== null &&
    Number.isFinite(gwscheck) &&
    Number.isFinite(peerValue) &&
    (positive && ratio !== null ? holds(ratio, op, bound) : holds(gwscheck, op, peerValue * bound));
  return {
    name,
    unit,
    gwscheck: finiteOrNull(gwscheck),
    peer,
    peerValue: finiteOrNull(peerValue),
    ratio: finiteOrNull(ratio),
    goal: `${op} ${bound}`,
    met,
  };
}

/** A figure with no peer, judged against an absolute bound in its own unit. */
export function boundFigure(name: string, unit: string, gwscheck: number | null, op: Comparison, bound: number): Figure {
  const met = gwscheck !== null && Number.isFinite(gwscheck) && holds(gwscheck, op, bound);
  return { name, unit, gwscheck: finiteOrNull(gwscheck), peer: null, peerValue: null, ratio: null, goal: `${op} ${bound} ${unit}`, met };
}

/**
 * A figure with a peer but no goal of its own (reported for context, e.g. a fixed start-up cost).
 * `met` is true because nothing is asserted; the goal column says so.
 */
export function reportedFigure(name: string, unit: string, gwscheck: number | null, peer: string | null, peerValue: number | null): Figure {
  const ratio = gwscheck !== null && peerValue !== null && peerValue !== 0 ? gwscheck / peerValue : null;
  return {
    name,
    unit,
    gwscheck: finiteOrNull(gwscheck),
    peer,
    peerValue: finiteOrNull(peerValue),
    ratio: finiteOrNull(ratio),
    goal: 'reported',
    met: true,
  };
}

/** A figure that could not be measured; it never counts as met. */
export function missingFigure(name: string, unit: string, peer: string | null, goal: string): Figure {
  return { name, unit, gwscheck: null, peer, peerValue: null, ratio: null, goal, met: false };
}

/** Writes atomically (temp file + rename) so a reader never sees half a file. */
export function writeResults(path: string, results: Results): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, path);
}

function cell(value: number | string | null): string {
  if (value === null) return '-';
  return String(value);
}

/** The table printed after a run and pasted into BENCHMARKS.md (GitHub Markdown). */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'unit', 'peer', 'peer value', 'gwscheck', 'ratio', 'goal', 'met'];
  const rows = figures.map((f) => [f.name, f.unit, cell(f.peer), cell(f.peerValue), cell(f.gwscheck), cell(f.ratio), f.goal, f.met ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

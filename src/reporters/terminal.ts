import { featuresLine, shuffledOrderLine } from './order.ts';
import { groupFailures, groupHeadline } from './groups.ts';
import type { ContractOutcome, ContractReport, Reporter } from './types.ts';

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
export type Tone = keyof typeof CODES;

/** Wraps text in an ANSI colour when colour is on; returns it unchanged otherwise. */
export function painter(color: boolean): (tone: Tone, text: string) => string {
  return (tone, text) => (color ? `\u001b[${CODES[tone]}m${text}\u001b[0m` : text);
}

/** The word and colour a finished contract is shown with, in progress lines and the summary. */
export const OUTCOME_LABEL: Readonly<Record<ContractOutcome, { readonly word: string; readonly tone: Tone }>> = {
  passed: { word: 'PASS', tone: 'green' },
  failed: { word: 'FAIL', tone: 'red' },
  warning: { word: 'WARN', tone: 'yellow' },
  flaky: { word: 'FLAKY', tone: 'yellow' },
  skipped: { word: 'SKIP', tone: 'dim' },
};

const MAX_LISTED = 10;

/** Right-aligned columns with a header row: what a terminal shows instead of a Markdown table. */
function table(header: readonly string[], row: readonly string[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, (row[i] ?? '').length));
  const line = (cells: readonly string[]): string => `  ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')}`;
  return [line(header), line(row)];
}

/** The summary for a person at a terminal (or a CI log): verdict, counts, causes, warnings, skips. */
export function renderTerminal(report: ContractReport, color: boolean): string {
  const paint = painter(color);
  const { summary } = report;
  const verdict =
    summary.verdict === 'held' ? paint('green', 'all selected contracts held') : paint('red', (summary.reasons ?? [`${summary.failed} contract(s) failed`]).join('; '));
  const lines = [
    '',
    `${paint('bold', 'gwscheck contract:')} ${verdict}`,
    `Target ${summary.target}${summary.simulator ? ' (embedded simulator)' : ''}`,
    ...[featuresLine(summary), shuffledOrderLine(summary)].filter((line) => line !== undefined),
    '',
    ...table(
      ['passed', 'failed', 'warnings', 'flaky', 'skipped', 'total', 'time'],
      [summary.passed, summary.failed, summary.warnings ?? 0, summary.flaky, summary.skipped, summary.total].map(String).concat(`${(summary.durationMs / 1000).toFixed(1)} s`),
    ),
  ];
  const names = new Map(report.results.map((r) => [r.id, r.name]));
  const groups = groupFailures(report.results);
  if (groups.length > 0) {
    lines.push('', paint('bold', 'Failures by cause:'));
    for (const group of groups) {
      lines.push(`  ${paint('red', 'FAIL')} ${groupHeadline(group)}`);
      if (group.violation.schemaLocation !== undefined) lines.push(`       schema rule ${group.violation.schemaLocation}`);
      const listed = group.contracts.slice(0, MAX_LISTED).map((id) => `       - ${names.get(id) ?? id}`);
      lines.push(...listed);
      if (group.contracts.length > MAX_LISTED) lines.push(`       - …and ${group.contracts.length - MAX_LISTED} more`);
    }
  }
  const warnings = report.results.filter((r) => r.outcome === 'warning');
  if (warnings.length > 0) {
    lines.push('', paint('bold', 'Warnings: endpoints the GWS documentation does not describe (--strict makes them fail):'));
    for (const w of warnings) lines.push(`  ${paint('yellow', 'WARN')} ${w.name}: ${w.violations[0]?.message ?? (w.message ?? '').split('\n')[0] ?? ''}`);
  }
  const drift = report.drift?.additive ?? [];
  if (drift.length > 0) {
    lines.push('', `Additive drift (${summary.strict === true ? 'fails under --strict' : 'a warning; --strict makes it fail'}): ${drift.length} new attribute(s) or list value(s), see the reports`);
  }
  const skipped = report.results.filter((r) => r.outcome === 'skipped');
  if (skipped.length > 0) {
    lines.push('', paint('bold', 'Skipped:'));
    for (const r of skipped) lines.push(`  ${paint('dim', r.interrupted === true ? 'STOP' : 'SKIP')} ${r.name}: ${r.message ?? 'no reason given'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Prints the terminal summary; writes no file. */
export const terminalReporter: Reporter = {
  name: 'terminal',
  write(report, context) {
    context.stdout(renderTerminal(report, context.color === true));
    return Promise.resolve([]);
  },
};

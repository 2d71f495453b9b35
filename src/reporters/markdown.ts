import { appendFile } from 'node:fs/promises';
import { describeChange } from '../drift/index.ts';
import type { ContractReport, Reporter } from './types.ts';

const MAX_LISTED = 20;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A short Markdown summary: verdict, counts, and the failed contracts with their first violation. */
export function renderMarkdown(report: ContractReport): string {
  const { summary } = report;
  const icon = summary.verdict === 'held' ? '✅' : '❌';
  const lines = [
    `## ${icon} gwscheck contract: ${summary.verdict === 'held' ? 'all selected contracts held' : (summary.reasons ?? [`${summary.failed} contract(s) failed`]).join('; ')}`,
    '',
    `Target: ${summary.target}${summary.simulator ? ' (embedded simulator)' : ''}`,
    '',
    '| passed | failed | flaky | skipped | total | time |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${summary.passed} | ${summary.failed} | ${summary.flaky} | ${summary.skipped} | ${summary.total} | ${(summary.durationMs / 1000).toFixed(1)} s |`,
  ];
  const failed = report.results.filter((r) => r.outcome === 'failed');
  if (failed.length > 0) {
    lines.push('', '| failed contract | violation |', '|---|---|');
    for (const result of failed.slice(0, MAX_LISTED)) {
      const first = result.violations[0]?.message ?? result.message ?? '';
      lines.push(`| ${cell(result.name)} | ${cell(first)} |`);
    }
    if (failed.length > MAX_LISTED) lines.push('', `…and ${failed.length - MAX_LISTED} more (see contract-report.html).`);
  }
  const flaky = report.results.filter((r) => r.outcome === 'flaky');
  if (flaky.length > 0) {
    const effect = summary.failOnFlaky === true ? 'fails the gate (--fail-on-flaky)' : 'does not fail the gate';
    lines.push('', `Flaky, passed only on a retry (${effect}): ${flaky.map((r) => `${r.name} (attempt ${r.attempts})`).join('; ')}`);
  }
  const drift = report.drift;
  if (drift !== undefined && drift.additive.length > 0) {
    const effect = summary.strict === true ? 'fails under --strict' : 'a warning';
    lines.push('', `Additive drift (${effect}): ${drift.additive.length} new attribute(s) or list value(s)`, '', '| operation | new | pointer | seen in |', '|---|---|---|---|');
    for (const f of drift.additive.slice(0, MAX_LISTED)) {
      lines.push(`| ${cell(f.operation ?? '')} | ${f.change === 'new-enum-value' ? 'enum value' : 'attribute'} | ${cell(f.pointer)} | ${cell(f.requests.join(', '))} |`);
    }
    if (drift.additive.length > MAX_LISTED) lines.push('', `…and ${drift.additive.length - MAX_LISTED} more (see contract-report.html).`);
  }
  const comparison = drift?.comparison ?? null;
  if (comparison !== null) {
    const effect = summary.strict === true ? 'both fail under --strict' : 'removed/retyped fail the gate, added is a warning';
    lines.push('', `Changes since ${comparison.baseline}: ${comparison.breaking} breaking, ${comparison.additive} additive (${effect})`);
    const changes = comparison.operations.flatMap((o) => o.changes.map((c) => `- ${c.grade}: ${describeChange(o.operation, c)}`));
    if (changes.length > 0) lines.push('', ...changes.slice(0, MAX_LISTED));
    if (changes.length > MAX_LISTED) lines.push(`- …and ${changes.length - MAX_LISTED} more (see contract-report.html)`);
    if (comparison.notObserved.length > 0) lines.push('', `Not observed in this run: ${comparison.notObserved.join(', ')}`);
  }
  if (drift?.recordedTo != null) lines.push('', `Shapes recorded to ${drift.recordedTo}`);
  return `${lines.join('\n')}\n`;
}

/** Prints the summary, and appends it to $GITHUB_STEP_SUMMARY when that is set. */
export const markdownReporter: Reporter = {
  name: 'markdown',
  async write(report, context) {
    const text = renderMarkdown(report);
    context.stdout(text);
    if (context.stepSummaryFile === undefined) return [];
    await appendFile(context.stepSummaryFile, `${text}\n`);
    return [context.stepSummaryFile];
  },
};

import { featuresLine, shuffledOrderLine } from './order.ts';
import { appendFile } from 'node:fs/promises';
import { describeChange } from '../drift/index.ts';
import { writeReportFile } from './file.ts';
import { groupFailures, groupHeadline } from './groups.ts';
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
    ...[featuresLine(summary), shuffledOrderLine(summary)].filter((line) => line !== undefined).flatMap((line) => ['', line]),
    '',
    '| passed | failed | warnings | flaky | skipped | total | time |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${summary.passed} | ${summary.failed} | ${summary.warnings ?? 0} | ${summary.flaky} | ${summary.skipped} | ${summary.total} | ${(summary.durationMs / 1000).toFixed(1)} s |`,
  ];
  const byId = new Map(report.results.map((r) => [r.id, r]));
  const groups = groupFailures(report.results);
  if (groups.length > 0) lines.push('', `### Failures by cause (${groups.length})`);
  for (const group of groups.slice(0, MAX_LISTED)) {
    const first = byId.get(group.contracts[0] ?? '');
    const where = group.violation.schemaLocation !== undefined ? ` (schema rule \`${group.violation.schemaLocation}\`)` : '';
    const docs = first !== undefined && first.docs.length > 0 ? ` · ${first.docs.map((d) => `[${d.tag}](${d.url})`).join(', ')}` : '';
    lines.push('', `**${cell(groupHeadline(group))}**${where}${docs}`, '');
    lines.push('<details><summary>contracts</summary>', '', ...group.contracts.map((id) => `- ${cell(byId.get(id)?.name ?? id)}`), '', '</details>');
    if (first?.curl != null) lines.push('', 'Reproduce the first:', '', '```sh', first.curl, '```');
  }
  if (groups.length > MAX_LISTED) lines.push('', `…and ${groups.length - MAX_LISTED} more causes (see contract-report.html).`);
  const warned = report.results.filter((r) => r.outcome === 'warning');
  if (warned.length > 0) {
    const effect = summary.strict === true ? 'fail under --strict' : 'a warning; --strict makes them fail';
    lines.push('', `Warnings, endpoints the GWS documentation does not describe (${effect}): ${warned.map((r) => r.name).join('; ')}`);
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

/** Writes summary.md and appends the summary to $GITHUB_STEP_SUMMARY when that is set; never to a terminal. */
export const markdownReporter: Reporter = {
  name: 'markdown',
  async write(report, context) {
    const text = renderMarkdown(report);
    const file = await writeReportFile(context, 'summary.md', text);
    if (context.stepSummaryFile === undefined) return [file];
    await appendFile(context.stepSummaryFile, `${text}\n`);
    return [file, context.stepSummaryFile];
  },
};

import { appendFile } from 'node:fs/promises';
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
    `## ${icon} gwscheck contract: ${summary.verdict === 'held' ? 'all selected contracts held' : `${summary.failed} contract(s) failed`}`,
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
  if (flaky.length > 0) lines.push('', `Flaky (passed on a retry): ${flaky.map((r) => r.name).join('; ')}`);
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

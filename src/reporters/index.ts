import { htmlReporter } from './html.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { markdownReporter } from './markdown.ts';
import { terminalReporter } from './terminal.ts';
import type { ContractReport, Reporter, ReporterContext } from './types.ts';

export { redactReport } from './redact.ts';
export { curlCommand } from './curl.ts';
export { escapeHtml, failureSection } from './html.ts';
export { exchangeText } from './exchange-text.ts';
export { OUTCOME_LABEL, painter } from './terminal.ts';
export type {
  ContractOutcome,
  ContractReport,
  ContractResult,
  DriftFinding,
  ReporterContext,
  ReportedExchange,
  ReportedRequest,
  ReportedViolation,
} from './types.ts';

/** junit.xml, contract-report.json, contract-report.html, summary.md (and $GITHUB_STEP_SUMMARY), then the terminal summary. */
const defaultReporters: readonly Reporter[] = [junitReporter, jsonReporter, htmlReporter, markdownReporter, terminalReporter];

/**
 * Runs every reporter on an already-redacted report; returns the files written.
 * Each reporter runs even when an earlier one failed, so one broken format never hides the others.
 */
export async function writeReports(
  report: ContractReport,
  context: ReporterContext,
  reporters: readonly Reporter[] = defaultReporters,
): Promise<readonly string[]> {
  const written: string[] = [];
  const errors: string[] = [];
  for (const reporter of reporters) {
    try {
      written.push(...(await reporter.write(report, context)));
    } catch (error) {
      errors.push(`${reporter.name} reporter: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (errors.length > 0) throw new Error(errors.join('; '));
  return written;
}

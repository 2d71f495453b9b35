import { writeReportFile } from './file.ts';
import { groupFailures } from './groups.ts';
import type { Reporter } from './types.ts';

/**
 * contract-report.json: the `ContractReport` shape of ./types.ts, plus `failureGroups` (the failed
 * contracts grouped by cause, as the HTML and Markdown reports show them).
 */
export const jsonReporter: Reporter = {
  name: 'json',
  async write(report, context) {
    const text = `${JSON.stringify({ ...report, failureGroups: groupFailures(report.results) }, null, 2)}\n`;
    return [await writeReportFile(context, 'contract-report.json', text)];
  },
};

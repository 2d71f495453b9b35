import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { groupFailures } from './groups.ts';
import type { Reporter } from './types.ts';

/**
 * contract-report.json: the `ContractReport` shape of ./types.ts, plus `failureGroups` (the failed
 * contracts grouped by cause, as the HTML and Markdown reports show them).
 */
export const jsonReporter: Reporter = {
  name: 'json',
  async write(report, context) {
    await mkdir(context.dir, { recursive: true });
    const file = join(context.dir, 'contract-report.json');
    await writeFile(file, `${JSON.stringify({ ...report, failureGroups: groupFailures(report.results) }, null, 2)}\n`);
    return [file];
  },
};

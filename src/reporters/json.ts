import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter } from './types.ts';

/** contract-report.json: the `ContractReport` shape of ./types.ts, verbatim. */
export const jsonReporter: Reporter = {
  name: 'json',
  async write(report, context) {
    await mkdir(context.dir, { recursive: true });
    const file = join(context.dir, 'contract-report.json');
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    return [file];
  },
};

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReporterContext } from './types.ts';

/** Writes one report file into the run's report directory (created when missing); returns its path. */
export async function writeReportFile(context: ReporterContext, name: string, text: string): Promise<string> {
  await mkdir(context.dir, { recursive: true });
  const file = join(context.dir, name);
  await writeFile(file, text);
  return file;
}

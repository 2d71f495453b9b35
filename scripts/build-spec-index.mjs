// npm run build, after tsc: which contracts each spec file defines (dist/gate/spec-index.json), so
// that `gwscheck contract --grep/--tag` loads only the spec files its selection needs.
import { relative } from 'node:path';
import { writeSpecIndex } from '../dist/gate/runner/spec-index-build.js';
import { SPEC_INDEX_FILE } from '../dist/gate/runner/spec-index.js';

try {
  const { specs, contracts, alwaysRun } = await writeSpecIndex();
  const always = alwaysRun === 0 ? '' : `; ${alwaysRun} always loaded, their contracts depending on the run's settings`;
  console.log(`gwscheck build: wrote ${relative(process.cwd(), SPEC_INDEX_FILE)} (${contracts} contracts in ${specs} spec files${always})`);
} catch (error) {
  console.error(`gwscheck build: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exitCode = 1;
}

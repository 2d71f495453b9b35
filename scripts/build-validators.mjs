// npm run build, after tsc: the schemas compiled to validator code (dist/contracts/validators.cjs),
// which the contracts load on their first judgement instead of compiling the schemas then.
import { relative } from 'node:path';
import { writeValidatorModule } from '../dist/contracts/validator-module.js';
import { PREBUILT_VALIDATORS_FILE } from '../dist/contracts/prebuilt-validators.js';

try {
  const count = writeValidatorModule();
  console.log(`gwscheck build: wrote ${relative(process.cwd(), PREBUILT_VALIDATORS_FILE)} (${count} schemas)`);
} catch (error) {
  console.error(`gwscheck build: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exitCode = 1;
}

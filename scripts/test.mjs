// npm test: provide the programs the integration tests run (Prometheus, promtool, blackbox_exporter,
// chromium, curl: test/tools.ts), type-check, lint, every vitest project; ends with the line
// "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const extra = process.argv.slice(2);
const bin = (name) => join('node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

let failedSteps = 0;
// One line when something was missing and got installed; nothing when every tool is there.
if (run(process.execPath, ['--import', 'tsx', join('test', 'provide-tools.ts')]) !== 0) failedSteps += 1;
for (const [label, cmd, args] of [
  ['type-check', bin('tsc'), ['--noEmit']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
]) {
  console.log(`\n== ${label}`);
  if (run(cmd, args) !== 0) {
    console.log(`${label} failed`);
    failedSteps += 1;
  }
}

console.log('\n== vitest');
const dir = mkdtempSync(join(tmpdir(), 'gwscheck-test-'));
const jsonFile = join(dir, 'vitest.json');
const vitestStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`, ...extra]);
let passed = 0;
let failed = 0;
try {
  const summary = JSON.parse(readFileSync(jsonFile, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests;
} catch {
  failed += 1;
}
rmSync(dir, { recursive: true, force: true });
if (vitestStatus !== 0 && failed === 0) failed = 1;
failed += failedSteps;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;

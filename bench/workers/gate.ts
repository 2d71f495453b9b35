// gwscheck's gate machinery (vitest, the gate kit, judge(), the four reporters) run over
// bench/gate/repeat.spec.ts: the vitest settings are those of src/gate/runner/run.ts (from dist/, as the
// CLI runs them), whose spec list is fixed to specs/, so the bench cannot ask the CLI for "the
// catalog, N times".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startVitest } from 'vitest/node';
import type { Credentials } from '../../src/config/index.ts';
import { ContractCollector } from '../../src/gate/runner/collect.ts';
import { PACKAGE_ROOT, specRunnerSettings, type GateRunContext } from '../../src/gate/index.ts';
import { writeReports, type ContractReport } from '../../src/reporters/index.ts';
import { workerSpec } from '../lib/worker.ts';

export interface GateWorkerSpec {
  readonly baseUrl: string;
  readonly user: Credentials;
  readonly admin: Credentials;
  readonly operations: readonly string[];
  readonly count: number;
}

const spec = workerSpec<GateWorkerSpec>();
const context: GateRunContext = {
  target: { baseUrl: spec.baseUrl, user: spec.user, admin: spec.admin },
  timeoutMs: 5000,
  httpStatusStrict: false,
  asyncDeadlineMs: 5000,
};
const devNull = (): Writable => new Writable({ write: (_chunk, _encoding, callback) => callback() });
const collector = new ContractCollector(PACKAGE_ROOT);
const startedAt = new Date();
const settings = specRunnerSettings();
const vitest = await startVitest(
  'test',
  [],
  {
    config: false,
    root: PACKAGE_ROOT,
    include: ['bench/gate/repeat.spec.ts'],
    watch: false,
    reporters: [collector],
    provide: { gate: context, benchGate: { operations: spec.operations, count: spec.count } },
    setupFiles: settings.setupFiles,
    ...(settings.server !== undefined ? { server: settings.server } : {}),
    fileParallelism: false,
    isolate: false,
    pool: 'threads',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    passWithNoTests: false,
    silent: true,
  },
  { logLevel: 'silent', clearScreen: false, plugins: settings.plugins },
  { stdout: devNull(), stderr: devNull() },
);
await vitest.close();
const results = collector.results;
const count = (outcome: string): number => results.filter((r) => r.outcome === outcome).length;
const report: ContractReport = {
  schemaVersion: 2,
  tool: 'gwscheck',
  summary: {
    verdict: count('failed') === 0 ? 'held' : 'failed',
    total: results.length,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    flaky: count('flaky'),
    target: spec.baseUrl,
    simulator: true,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    grep: null,
    tags: [],
  },
  results,
};
const dir = mkdtempSync(join(tmpdir(), 'gwscheck-bench-gate-'));
await writeReports(report, { dir, stdout: () => undefined });
rmSync(dir, { recursive: true, force: true });
console.log(`DONE ${JSON.stringify({ passed: report.summary.passed, failed: report.summary.failed, skipped: report.summary.skipped })}`);
for (const failed of results.filter((r) => r.outcome === 'failed').slice(0, 3)) console.error(`${failed.name}: ${failed.message ?? ''}`);

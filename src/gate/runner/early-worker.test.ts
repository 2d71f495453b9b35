import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startVitest } from 'vitest/node';
import { discardEarlyWorker, earlyThreadsPool, earlyWorkerRefusal, startEarlyWorker } from './early-worker.ts';
import { silentStreams } from './spec-runner.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gwscheck-early-worker-'));
  // The worker proves which thread ran it: the early one was started with a marker module.
  writeFileSync(join(root, 'marker.mjs'), 'globalThis.earlyMarker = "loaded ahead";\n');
  writeFileSync(
    join(root, 'thread.test.js'),
    [
      "import { test, expect } from 'vitest';",
      "import { threadId } from 'node:worker_threads';",
      "test('runs in a worker thread', () => { expect(threadId).toBeGreaterThan(0); });",
      "test('sees the modules loaded ahead', () => { expect(globalThis.earlyMarker).toBe(process.env.EXPECT_MARKER === '1' ? 'loaded ahead' : undefined); });",
    ].join('\n'),
  );
});

afterAll(async () => {
  await discardEarlyWorker();
  rmSync(root, { recursive: true, force: true });
});

/** One vitest run of the file above through the gate's pool; the number of its passed tests. */
async function runThroughPool(): Promise<{ passed: number; failed: number }> {
  const vitest = await startVitest(
    'test',
    [],
    { config: false, root, include: ['thread.test.js'], watch: false, pool: earlyThreadsPool(), isolate: false, maxWorkers: 1, reporters: [], cache: false },
    { logLevel: 'silent', clearScreen: false },
    silentStreams(),
  );
  const modules = vitest.state.getTestModules();
  await vitest.close();
  const cases = modules.flatMap((m) => [...m.children.allTests()]);
  return { passed: cases.filter((c) => c.result().state === 'passed').length, failed: cases.filter((c) => c.result().state === 'failed').length };
}

describe('the early worker', () => {
  test('is the thread vitest runs the specs in: its environment and flags are what vitest asks for', async () => {
    process.env['EXPECT_MARKER'] = '1';
    try {
      startEarlyWorker([new URL(`file://${join(root, 'marker.mjs')}`).href]);
      expect(await runThroughPool()).toEqual({ passed: 2, failed: 0 });
      expect(earlyWorkerRefusal()).toBeUndefined();
    } finally {
      delete process.env['EXPECT_MARKER'];
    }
  }, 30_000);

  test('is refused, and vitest starts its own, when the environment changed after it started', async () => {
    startEarlyWorker([new URL(`file://${join(root, 'marker.mjs')}`).href]);
    process.env['GWSCHECK_EARLY_WORKER_PROBE'] = 'changed';
    try {
      expect(await runThroughPool()).toEqual({ passed: 2, failed: 0 });
      expect(earlyWorkerRefusal()).toBe('environment variable GWSCHECK_EARLY_WORKER_PROBE differs');
    } finally {
      delete process.env['GWSCHECK_EARLY_WORKER_PROBE'];
    }
  }, 30_000);

  test('once discarded, is not there for the next run: vitest starts its own', async () => {
    startEarlyWorker();
    await discardEarlyWorker();
    expect(await runThroughPool()).toEqual({ passed: 2, failed: 0 });
    expect(earlyWorkerRefusal()).toBe('no early worker was started');
  }, 30_000);
});

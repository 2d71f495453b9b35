// Progress as a user sees it: against a slow server, each contract's line appears when that contract finishes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import { ROOT } from './cli.ts';

const BIN = fileURLToPath(new URL('../../bin/gwscheck.js', import.meta.url));
const LATENCY_MS = 400;
const work = mkdtempSync(join(tmpdir(), 'gwscheck-progress-'));
let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await listen(buildSimulator({ faults: [{ type: 'latency', fixedMs: LATENCY_MS }] }), { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await simulator.close();
  rmSync(work, { recursive: true, force: true });
});

interface TimedLine {
  readonly at: number;
  readonly text: string;
}

/** Runs the CLI and notes when each stdout line arrived (ms since start), as a user watching it would. */
function runWatched(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; lines: TimedLine[]; exitedAt: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_') && k !== 'GITHUB_STEP_SUMMARY' && k !== 'FORCE_COLOR'));
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...clean, ...env } });
    const lines: TimedLine[] = [];
    let pending = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const at = performance.now() - started;
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const text of parts) lines.push({ at, text });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, lines, exitedAt: performance.now() - started, stderr }));
  });
}

test('with a 400 ms latency fault, CI mode prints one plain line per contract as it finishes, then the summary', async () => {
  const agent = DEFAULT_FIXTURES.users.find((u) => u.userName === 'ksippo');
  const run = await runWatched(
    ['contract', '--base-url', simulator.url, '--username', 'ksippo', '--grep', '^get-(me|me-devices|me-calls|diagnostics-version): answers GET', '--reports', join(work, 'r')],
    { GWS_PASSWORD: agent?.password ?? '', CI: 'true' },
  );
  expect(run.status, run.stderr).toBe(0);
  const progress = run.lines.filter((l) => /^\[\d+\] (PASS|FAIL|SKIP|WARN|FLAKY) /.test(l.text));
  expect(progress.map((l) => l.text.replace(/ \(\d+ ms\)$/, ''))).toEqual([
    '[1] PASS  get-diagnostics-version: answers GET /diagnostics/version as the catalog says',
    '[2] PASS  get-me: answers GET /me as the catalog says',
    '[3] PASS  get-me-devices: answers GET /me/devices as the catalog says',
    '[4] PASS  get-me-calls: answers GET /me/calls as the catalog says',
  ]);
  // Each contract waits at least one slow answer: its line comes when it finishes, not at the end.
  for (let i = 1; i < progress.length; i += 1) {
    expect((progress[i]?.at ?? 0) - (progress[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(LATENCY_MS * 0.9);
  }
  expect(run.exitedAt - (progress[0]?.at ?? run.exitedAt)).toBeGreaterThanOrEqual(3 * LATENCY_MS * 0.9);
  const summary = run.lines.findIndex((l) => l.text.startsWith('gwscheck contract: all selected contracts held'));
  expect(summary).toBeGreaterThan(run.lines.indexOf(progress[progress.length - 1] as TimedLine));
  // CI logs get no escape codes and no Markdown.
  const all = run.lines.map((l) => l.text).join('\n');
  expect(all).not.toContain('\u001b');
  expect(all).not.toMatch(/^\|/m);
}, 120_000);

test('--quiet keeps only the summary; FORCE_COLOR colours it, --no-color wins', async () => {
  const agent = DEFAULT_FIXTURES.users.find((u) => u.userName === 'ksippo');
  const args = ['contract', '--base-url', simulator.url, '--username', 'ksippo', '--grep', '^get-me: answers GET', '--quiet'];
  const [quiet, plain] = await Promise.all([
    runWatched([...args, '--reports', join(work, 'q1')], { GWS_PASSWORD: agent?.password ?? '', FORCE_COLOR: '1' }),
    runWatched([...args, '--no-color', '--reports', join(work, 'q2')], { GWS_PASSWORD: agent?.password ?? '', FORCE_COLOR: '1' }),
  ]);
  for (const run of [quiet, plain]) {
    expect(run.status, run.stderr).toBe(0);
    expect(run.lines.some((l) => /PASS/.test(l.text))).toBe(false);
  }
  expect(quiet.lines.map((l) => l.text).join('\n')).toContain('\u001b[32mall selected contracts held\u001b[0m');
  expect(plain.lines.map((l) => l.text).join('\n')).not.toContain('\u001b');
}, 120_000);

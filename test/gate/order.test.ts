// The order the contracts run in is the gate's choice: stable by default, shuffled by a seed that
// the run prints and that replays the same order.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { ContractReport } from '../../src/reporters/index.ts';
import { runCli } from './cli.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Read-only contracts from several spec files: enough to show an order, quick to run.
const SELECTION = ['--grep', '^get-(me|me-channels|diagnostics-version|users-id-skills-skillid): '];

async function gate(args: readonly string[]): Promise<{ readonly stdout: string; readonly order: string[]; readonly report: ContractReport }> {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-order-'));
  dirs.push(dir);
  const run = await runCli(['contract', '--reports', dir, ...SELECTION, ...args]);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8')) as ContractReport;
  // Without a terminal the gate prints one plain line per contract as it finishes: the order run.
  const order = [...run.stdout.matchAll(/^\[\d+\] (?:PASS|FAIL|SKIP)\s+(.+) \(\d+ ms\)$/gm)].map((m) => m[1] ?? '');
  expect(order.length).toBe(report.results.length);
  return { stdout: run.stdout, order, report };
}

describe('gwscheck contract --shuffle', () => {
  test('the same seed runs the same order again; the seed is printed and recorded; without --shuffle the order is stable', async () => {
    const [first, again, other, stable, stableAgain] = await Promise.all([
      gate(['--shuffle', '20261206']),
      gate(['--shuffle', '20261206']),
      gate(['--shuffle', '7']),
      gate([]),
      gate([]),
    ]);
    expect(first.order.length).toBeGreaterThan(5);
    expect(again.order).toEqual(first.order);
    expect(new Set(other.order)).toEqual(new Set(first.order));
    expect(other.order).not.toEqual(first.order);
    expect(first.stdout).toContain('contracts shuffled with seed 20261206 (run the same order again with --shuffle 20261206)');
    expect(first.report.summary.order).toEqual({ kind: 'shuffled', seed: 20261206 });
    expect(stable.report.summary.order).toEqual({ kind: 'stable' });
    expect(stableAgain.order).toEqual(stable.order);
    expect(stable.stdout).not.toContain('shuffled');
  });

  test('--shuffle without a seed draws one and prints it', async () => {
    const drawn = await gate(['--shuffle']);
    const seed = /contracts shuffled with seed (\d+)/.exec(drawn.stdout)?.[1];
    expect(seed).toBeDefined();
    expect(drawn.report.summary.order).toEqual({ kind: 'shuffled', seed: Number(seed) });
  });

  test('a seed that is no whole number is a usage error of one line', async () => {
    const run = await runCli(['contract', '--shuffle', 'tomorrow']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('gwscheck contract: --shuffle "tomorrow" is not an integer from 0 to 4294967295');
  });
});

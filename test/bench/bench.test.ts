// The benchmark harness runs end to end (with tiny counts) and writes a well-formed results file.
// It measures nothing here: performance is never asserted by tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { atScaleFigureNames } from '../../bench/figures/at-scale.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIGURE_KEYS = ['name', 'unit', 'gwscheck', 'peer', 'peerValue', 'ratio', 'goal', 'met'];

test('npm run bench -- --smoke runs every figure group and writes the results file', { timeout: 180_000 }, () => {
  const out = join(dir, 'latest.json');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], { encoding: 'utf8', timeout: 170_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/\| figure +\| unit +\| peer +\| peer value +\| gwscheck +\| ratio +\| goal +\| met +\|/);

  const results = JSON.parse(readFileSync(out, 'utf8')) as { machine: Record<string, unknown>; date: string; figures: Record<string, unknown>[] };
  expect(Object.keys(results).sort()).toEqual(['date', 'figures', 'machine']);
  expect(results.machine['mode']).toBe('smoke');
  expect(results.machine['cpuCount']).toBeGreaterThan(0);
  expect(new Date(results.date).toISOString()).toBe(results.date);
  const names = results.figures.map((f) => f['name']);
  for (const prefix of ['probe-excess-', 'probe-cpu-per-probe', 'scale-lateness-p99', 'scale-metrics-render-p99', 'gate-wall-', 'judge-per-second']) {
    expect(names.some((n) => String(n).startsWith(prefix)), prefix).toBe(true);
  }
  // The side-by-side at scale: the smoke run's one rate, 40 probes every second, without Prometheus.
  const atScale = atScaleFigureNames([{ probes: 40, intervalSeconds: 1, warmUpSeconds: 0, seconds: 0.5, goals: true }]).map(([name]) => name);
  expect(names.filter((n) => String(n).startsWith('at-scale-'))).toEqual(atScale);
  expect(atScale).toContain('at-scale-40-cpu-per-probe');
  expect(atScale).toContain('at-scale-40-endpoint-cpu-per-probe');
  for (const figure of results.figures) {
    expect(Object.keys(figure).sort()).toEqual([...FIGURE_KEYS].sort());
    expect(typeof figure['gwscheck'], String(figure['name'])).toBe('number');
    expect(typeof figure['met']).toBe('boolean');
    expect(figure['goal']).toMatch(/^(reported|(<=|<|>=|>|=) \d)/);
    if (figure['peer'] === null) {
      expect(figure['peerValue']).toBeNull();
      expect(figure['ratio']).toBeNull();
    } else {
      expect(typeof figure['peerValue'], String(figure['name'])).toBe('number');
    }
  }
});

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule, proberTarget } from '../../src/config/index.ts';
import { createLogger, createProber } from '../../src/prober/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { Fixtures } from '../../src/simulator/types.ts';
import { eventually, PROBE_AGENT, sample, sharedContracts, startSimulator, type TestSimulator } from './harness.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gwscheck.js');
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));

/** The seed's API account: no device, no voice channel, no skill. */
const APIUSER = { username: 'apiuser', password: 'apiuser' };
const WITHOUT_DEVICE = ['get-devices-id', 'get-me-devices-id', 'get-me-channels-voice'] as const;

function probeOnce(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'probe', '--once', ...args], { env: { ...CLEAN_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The --once table's rows by probe id: outcome and the last column. */
function rows(table: string): Map<string, { readonly outcome: string; readonly reason: string }> {
  const found = new Map<string, { outcome: string; reason: string }>();
  for (const line of table.trim().split('\n').slice(1)) {
    const [, probe = '', outcome = '', , , ...rest] = line.split(/\s{2,}/);
    found.set(probe, { outcome, reason: rest.join('  ') });
  }
  return found;
}

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('gwscheck probe --once as a probe user without a device or voice channel', () => {
  it('exits 0 and lists the probes that do not apply as not_applicable, with why', async () => {
    const env = { GWS_BASE_URL: sim.url, GWS_USERNAME: 'apiuser', GWS_PASSWORD: 'apiuser' };
    for (const args of [[], ['--strict']]) {
      const r = await probeOnce(args, env);
      expect(r.status, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
      const table = rows(r.stdout);
      expect(table.get('get-devices-id')).toEqual({ outcome: 'not_applicable', reason: 'no {id} to probe: get-me-devices lists none (nothing at /devices/0/id)' });
      expect(table.get('get-me-devices-id')).toEqual({ outcome: 'not_applicable', reason: 'no {id} to probe: get-me-devices lists none (nothing at /devices/0/id)' });
      // With --strict too: the user has no voice channel, which says nothing about the endpoint.
      expect(table.get('get-me-channels-voice')).toEqual({ outcome: 'not_applicable', reason: 'the probe user has no voice channel: get-me-channels lists none' });
      const others = [...table].filter(([probe]) => !(WITHOUT_DEVICE as readonly string[]).includes(probe));
      expect(others.length).toBeGreaterThan(5);
      for (const [probe, row] of others) expect(row.outcome, probe).toBe('success');
    }
  });

  it('admin credentials without an admin role: the admin-only probes do not apply', async () => {
    const r = await probeOnce([], { GWS_BASE_URL: sim.url, GWS_USERNAME: 'apiuser', GWS_PASSWORD: 'apiuser', GWS_ADMIN_USERNAME: 'ksippo', GWS_ADMIN_PASSWORD: '' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const table = rows(r.stdout);
    for (const probe of ['get-devices', 'get-skills', 'get-users-id-devices', 'get-users-id-skills']) {
      expect(table.get(probe)?.outcome, probe).toBe('not_applicable');
      expect(table.get(probe)?.reason, probe).toMatch(/^the admin identity lacks the role for GET \/\S+: statusCode 5 /);
    }
    expect(table.get('get-skills-id')?.reason).toMatch(/^resolving \{id\} through get-skills: the admin identity lacks the role/);
    expect(table.get('get-users-id-skills-skillid')).toEqual({ outcome: 'not_applicable', reason: 'no {skillId} to probe: get-me-skills lists none (nothing at /skills/0/id)' });
  });
});

describe('a probe user who gains a device and a voice channel', () => {
  it('is probed again on the next scheduled run, without a restart; the metrics and the log follow', async () => {
    const lines: string[] = [];
    const registry = new Registry();
    const prober = createProber({
      targets: [proberTarget({ name: 'sim', baseUrl: sim.url, user: APIUSER, defaults: { schedule: parseSchedule('1s', 'interval'), timeoutMs: 2000 } })],
      contracts: sharedContracts(),
      registry,
      logger: createLogger({ format: 'text', write: (line) => lines.push(line) }),
    });
    const value = (name: string, probe: string, more: Record<string, string> = {}) => sample(registry, name, { probe, ...more });
    try {
      prober.start();
      await prober.firstRound();
      const firstRun = (await value('gwscheck_probe_last_run_timestamp_seconds', 'get-devices-id')) ?? 0;
      // A later run that still finds nothing says so no more: one line per probe, at start-up.
      await eventually(async () => ((await value('gwscheck_probe_last_run_timestamp_seconds', 'get-devices-id')) ?? 0) > firstRun);
      for (const probe of WITHOUT_DEVICE) {
        expect(await value('gwscheck_probe_applicable', probe), probe).toBe(0);
        expect(await value('gwscheck_probe_success', probe), probe).toBe(0);
        for (const outcome of ['success', 'schema_violation', 'status_code_error']) expect(await value('gwscheck_probe_runs_total', probe, { outcome }), probe).toBe(0);
        expect(lines.filter((l) => l.includes('probe not applicable') && l.includes(`probe=${probe} `)), probe).toHaveLength(1);
      }
      expect(lines.find((l) => l.includes('probe=get-me-channels-voice '))).toMatch(/reason="the probe user has no voice channel: get-me-channels lists none"$/);
      expect(lines.filter((l) => l.includes(' warn '))).toEqual([]);
      expect(await value('gwscheck_probe_applicable', 'get-me')).toBe(1);

      await resetSimulator(sim, withDeviceFor('apiuser'));
      await eventually(async () => {
        for (const probe of WITHOUT_DEVICE) if ((await value('gwscheck_probe_success', probe)) !== 1) return false;
        return true;
      });
      for (const probe of WITHOUT_DEVICE) {
        expect(await value('gwscheck_probe_applicable', probe), probe).toBe(1);
        expect(await value('gwscheck_probe_runs_total', probe, { outcome: 'success' }), probe).toBeGreaterThanOrEqual(1);
        expect(lines.filter((l) => l.includes('probe applies again') && l.includes(`probe=${probe} `)), probe).toHaveLength(1);
      }
    } finally {
      await prober.stop();
      await resetSimulator(sim);
    }
  });
});

/** The seed, with a device and a voice channel for `userName`. */
function withDeviceFor(userName: string): Fixtures {
  const users = [...DEFAULT_FIXTURES.users, PROBE_AGENT].map((u) =>
    u.userName === userName ? { ...u, device: { id: 'a1b2c3d4-0000-4000-8000-00000000a9e1', phoneNumber: '5090' }, channels: ['voice' as const] } : u,
  );
  return { ...DEFAULT_FIXTURES, users };
}

/** The control API's reset: to the simulator's seed, or to these fixtures. */
async function resetSimulator(target: TestSimulator, fixtures?: Fixtures): Promise<void> {
  const res = await fetch(`${target.origin}/__simulator/reset`, {
    method: 'POST',
    ...(fixtures !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fixtures }) } : {}),
  });
  if (!res.ok) throw new Error(`reset: HTTP ${res.status} ${await res.text()}`);
}

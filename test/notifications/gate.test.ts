// The contract gate catches, through notifications, what only notifications show: an operation
// acknowledged but never applied, the wrong state announced, a malformed message, a message to the
// wrong user; it refuses a server that accepts a handshake without credentials, and falls back to
// polling (saying so once) where the server has no CometD endpoint.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ContractReport, ContractResult } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { Fixtures } from '../../src/simulator/types.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { inPool, runCli, type CliRun } from '../gate/cli.ts';
import { startProxyWithoutNotifications } from '../prober/harness.ts';

const READY = '^post-me-channels-voice: Ready answers exactly';
// A distinctive admin password: the reports mask it wherever it appears, and "admin" would mask words.
const ADMIN_PASSWORD = 'Adm1n-Pw-5e7c0b2a#';
const FIXTURES: Fixtures = {
  ...DEFAULT_FIXTURES,
  users: DEFAULT_FIXTURES.users.map((u) => (u.roles.includes('ROLE_ADMIN') ? { ...u, password: ADMIN_PASSWORD } : u)),
};
const work = mkdtempSync(join(tmpdir(), 'gwscheck-notify-gate-'));
const servers: { close(): Promise<void> }[] = [];

interface Run {
  readonly cli: CliRun;
  readonly report: ContractReport | undefined;
}

async function simulator(defects: DefectMode[] = []): Promise<RunningSimulator> {
  const running = await listen(buildSimulator({ fixtures: FIXTURES, defects }));
  servers.push(running);
  return running;
}

/** The simulator behind a proxy that answers /notifications like a server without CometD (404, statusCode 6). */
async function withoutCometD(): Promise<string> {
  const backend = await simulator();
  const proxy = await startProxyWithoutNotifications(backend.url);
  servers.push(proxy);
  return proxy.url;
}

async function gate(name: string, baseUrl: string, grep: string, extra: readonly string[] = []): Promise<Run> {
  const dir = join(work, name);
  const cli = await runCli(
    ['contract', '--base-url', baseUrl, '--username', 'ksippo', '--admin-username', 'admin', '--reports', dir, '--async-deadline', '1000', '--grep', grep, ...extra],
    { GWS_PASSWORD: '', GWS_ADMIN_PASSWORD: ADMIN_PASSWORD },
  );
  let report: ContractReport | undefined;
  try {
    report = JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8')) as ContractReport;
  } catch {
    report = undefined;
  }
  return { cli, report };
}

const runs = new Map<string, Run>();
function run(name: string): Run {
  const found = runs.get(name);
  if (found === undefined) throw new Error(`no gate run ${name}`);
  return found;
}

function result(name: string, prefix: string): ContractResult | undefined {
  return run(name).report?.results.find((r) => r.name.startsWith(prefix.replace(/^\^/, '')));
}

beforeAll(async () => {
  const jobs: [string, () => Promise<Run>][] = [
    // Runs expected to hold keep the default deadline: load on two cores must not fail them.
    ['faithful', async () => gate('faithful', (await simulator()).url, `${READY}|^notifications:`, ['--async-deadline', '5000'])],
    ...(['async-never-applied', 'notification-wrong-state', 'notification-malformed', 'notification-wrong-user'] as const).map(
      (mode): [string, () => Promise<Run>] => [mode, async () => gate(mode, (await simulator([mode])).url, READY)],
    ),
    ['no-auth-required', async () => gate('no-auth-required', (await simulator(['no-auth-required'])).url, '^notifications:')],
    ['no-endpoint', async () => gate('no-endpoint', await withoutCometD(), `${READY}|^notifications:`, ['--async-deadline', '5000'])],
    ['no-endpoint-required', async () => gate('no-endpoint-required', await withoutCometD(), READY, ['--notifications', 'required'])],
  ];
  for (const [name, r] of await inPool(jobs, 3, async ([n, job]) => [n, await job()] as const)) runs.set(name, r);
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

describe('the gate observes asynchronous outcomes through notifications', () => {
  test('against the faithful simulator the notification and async contracts hold', () => {
    const faithful = run('faithful');
    expect(faithful.cli.status, faithful.cli.stderr + faithful.cli.stdout).toBe(0);
    const names = faithful.report?.results.map((r) => `${r.outcome} ${r.name}`) ?? [];
    expect(names.filter((n) => n.startsWith('passed notifications:'))).toHaveLength(3);
    expect(names.some((n) => n.startsWith('passed post-me-channels-voice: Ready'))).toBe(true);
  });

  test.each([
    ['async-never-applied', 'notification', /no DeviceStateChangeMessage announcing Ready on \/v2\/me\/devices within 1000 ms after Ready was acknowledged/],
    ['notification-wrong-state', 'notification-state', /DeviceStateChangeMessage announces NotReady, not Ready/],
    ['notification-malformed', 'type', /notification \/data\/devices\/0\/userState: must be object/],
    ['notification-wrong-user', 'notification-user', /reached the session of another user \(the configured admin\)/],
  ])('%s: the Ready contract fails on the notification (%s)', (mode, keyword, message) => {
    const defective = run(mode);
    expect(defective.cli.status, defective.cli.stderr).toBe(1);
    const failed = result(mode, READY);
    expect(failed?.outcome).toBe('failed');
    const violation = failed?.violations.find((v) => v.keyword === keyword);
    expect(violation?.message, JSON.stringify(failed?.violations)).toMatch(message);
    if (mode !== 'async-never-applied') expect(failed?.exchange?.method).toBe('NOTIFY');
  });

  test('a handshake without credentials that is accepted fails the security contract', () => {
    const defective = run('no-auth-required');
    expect(defective.cli.status).toBe(1);
    expect(result('no-auth-required', 'notifications: a handshake without credentials is refused')?.outcome).toBe('failed');
  });

  test('without a CometD endpoint: said once, the async contracts poll and hold', () => {
    const fallback = run('no-endpoint');
    expect(fallback.cli.status, fallback.cli.stdout).toBe(0);
    const notes = fallback.report?.results.filter((r) => r.name.startsWith('notifications:')) ?? [];
    expect(notes.map((r) => [r.outcome, r.message?.replace(/127\.0\.0\.1:\d+/, 'HOST')])).toEqual([
      ['skipped', expect.stringMatching(/^no CometD endpoint at http:\/\/HOST\/api\/v2\/notifications \(no CometD endpoint: HTTP 404 to the handshake\): asynchronous outcomes are checked by polling$/)],
    ]);
    expect(result('no-endpoint', READY)?.outcome).toBe('passed');
  });

  test('without a CometD endpoint and --notifications required, the async contracts fail', () => {
    const required = run('no-endpoint-required');
    expect(required.cli.status).toBe(1);
    expect(result('no-endpoint-required', READY)?.violations.map((v) => v.keyword)).toContain('notification-handshake');
  });
});

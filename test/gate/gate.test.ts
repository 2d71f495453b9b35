// The contract gate, run as a user runs it: against the faithful simulator, against a simulator in
// each defect mode, at another path prefix, and with bad input.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ContractReport } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { Fixtures } from '../../src/simulator/types.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { closedPort, inPool, runCli, type CliRun } from './cli.ts';

const AGENT_PASSWORD = 'Agent-Pw-7d1f3c9e!';
const ADMIN_PASSWORD = 'Adm1n-Pw-b42e8a61#';
const SUPERVISOR_PASSWORD = 'Sup-Pw-9e60c2d4%';
const SUPERVISOR = 'lsupervisor';

/** The default seed with distinctive passwords, so that a leak is unmistakable in any output. */
const FIXTURES: Fixtures = {
  ...DEFAULT_FIXTURES,
  users: DEFAULT_FIXTURES.users.map((user) =>
    user.userName === 'ksippo'
      ? { ...user, password: AGENT_PASSWORD }
      : user.roles.includes('ROLE_ADMIN')
        ? { ...user, password: ADMIN_PASSWORD }
        : user.userName === SUPERVISOR
          ? { ...user, password: SUPERVISOR_PASSWORD }
          : user,
  ),
};
const ADMIN = FIXTURES.users.find((u) => u.roles.includes('ROLE_ADMIN'))?.userName ?? 'admin';

/** Defect mode → a contract that must fail against it (name prefix), and a selection when the whole suite would be too slow. */
const DEFECTS: readonly { mode: DefectMode; contract: string; grep?: string }[] = [
  { mode: 'user-missing-field', contract: 'get-me: answers GET /me as the catalog says' },
  { mode: 'user-id-wrong-type', contract: 'get-me: answers GET /me as the catalog says' },
  { mode: 'error-extra-attributes', contract: 'post-me-channels-voice: a missing operationName is refused with statusCode 1' },
  { mode: 'status-message-on-success', contract: 'get-diagnostics-version: answers' },
  { mode: 'no-auth-required', contract: 'get-me: refuses a request without credentials' },
  { mode: 'wrong-password-accepted', contract: 'get-me: refuses a wrong password' },
  { mode: 'async-never-applied', contract: 'post-me-channels-voice: Ready answers exactly {"statusCode":0}' },
  { mode: 'wrong-state-applied', contract: 'post-me-channels-voice: NotReady answers exactly {"statusCode":0}' },
  { mode: 'operation-echoes-state', contract: 'post-me-channels-voice: AuxWork answers exactly {"statusCode":0}' },
  // 1.5 s on every request: one contract shows the latency rule; the rest would only take long.
  { mode: 'slow', contract: 'get-me: answers GET /me as the catalog says', grep: '^get-me: answers' },
  { mode: 'text-content-type', contract: 'get-diagnostics-version: answers' },
  { mode: 'status-code-string', contract: 'get-me: answers GET /me as the catalog says' },
  { mode: 'relative-uris', contract: 'get-me-devices: answers' },
  { mode: 'roles-not-enforced', contract: 'get-skills: refuses an agent with statusCode 3 or 5' },
  { mode: 'role-administrator', contract: 'get-me: answers the admin user' },
  { mode: 'missing-operation-name-accepted', contract: 'post-me: a missing operationName is refused with statusCode 1' },
  { mode: 'skill-level-number', contract: 'get-skills: answers' },
  { mode: 'me-subresources-stale', contract: 'get-me: after a call is dialled and held', grep: '^get-me: after a call' },
];

interface GateRun {
  readonly cli: CliRun;
  readonly dir: string;
  readonly report: ContractReport | undefined;
}

const work = mkdtempSync(join(tmpdir(), 'gwscheck-gate-'));
const passwordFile = join(work, 'agent-password');
writeFileSync(passwordFile, `${AGENT_PASSWORD}\n`);
const simulators: RunningSimulator[] = [];

async function simulator(options: Parameters<typeof buildSimulator>[0] = {}): Promise<RunningSimulator> {
  const running = await listen(buildSimulator({ fixtures: FIXTURES, ...options }), { host: '127.0.0.1', port: 0 });
  simulators.push(running);
  return running;
}

async function gate(name: string, baseUrl: string | undefined, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<GateRun> {
  const dir = join(work, name);
  const target = baseUrl === undefined ? [] : ['--base-url', baseUrl, '--username', 'ksippo', '--password-file', passwordFile, '--admin-username', ADMIN, '--supervisor-username', SUPERVISOR];
  // The simulator applies an operation after 50 ms. A defect run is expected to fail, and a short
  // deadline keeps it short; a faithful run keeps the default, so that five gates sharing two
  // cores cannot turn load into a failure.
  const deadline = DEFECTS.some((d) => d.mode === name) ? ['--async-deadline', '1500'] : [];
  const cli = await runCli(['contract', ...target, '--reports', dir, ...deadline, ...extra], {
    ...(baseUrl === undefined ? {} : { GWS_ADMIN_PASSWORD: ADMIN_PASSWORD, GWS_SUPERVISOR_PASSWORD: SUPERVISOR_PASSWORD }),
    ...env,
  });
  let report: ContractReport | undefined;
  try {
    report = JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8')) as ContractReport;
  } catch {
    report = undefined;
  }
  return { cli, dir, report };
}

/** Every byte the gate wrote: stdout, stderr and each report file. */
function everything(run: GateRun): string {
  let files = '';
  try {
    for (const name of readdirSync(run.dir)) files += readFileSync(join(run.dir, name), 'utf8');
  } catch {
    // No reports directory: only the streams count.
  }
  return run.cli.stdout + run.cli.stderr + files;
}

function assertNoPassword(run: GateRun): void {
  const text = everything(run);
  for (const secret of [AGENT_PASSWORD, ADMIN_PASSWORD, SUPERVISOR_PASSWORD]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
    for (const login of ['ksippo', ADMIN, SUPERVISOR]) expect(text).not.toContain(Buffer.from(`${login}:${secret}`).toString('base64'));
  }
}

/** Minimal XML check: one root, every element closed in order, attributes quoted. */
function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (closing === '/') expect(stack.pop()).toBe(name);
    else if (selfClosing !== '/') stack.push(name ?? '');
  }
  expect(stack).toEqual([]);
  expect(body.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]/);
}

function failedNames(run: GateRun): string[] {
  return (run.report?.results ?? []).filter((r) => r.outcome === 'failed').map((r) => `${r.name}${r.message ? `: ${r.message}` : ''}`);
}

const runs = new Map<string, GateRun>();

/** What the chat, email and open-media contracts need of a server: a contact center id, a queue, a media type. */
const multimediaTarget = (url: string): string[] => ['--contact-center-id', 'gwscheck-test', '--queue-uri', `${url}/queues/1`, '--openmedia-type', 'workitem'];

beforeAll(async () => {
  const jobs: (() => Promise<[string, GateRun]>)[] = [
    async () => ['embedded', await gate('embedded', undefined, [], { GITHUB_STEP_SUMMARY: join(work, 'step-summary.md') })],
    async () => {
      const url = (await simulator({ prefix: '/cloud-web/api/v2' })).url;
      return ['prefix', await gate('prefix', url, multimediaTarget(url))];
    },
    async () => {
      const url = (await simulator({ csrf: true, authFailureStatus: 401 })).url;
      return ['csrf', await gate('csrf', url, multimediaTarget(url))];
    },
    ...DEFECTS.map(({ mode, grep }) => async (): Promise<[string, GateRun]> => [
      mode,
      await gate(mode, (await simulator({ defects: [mode] })).url, grep === undefined ? [] : ['--grep', grep]),
    ]),
  ];
  // Most of a run is waiting on the simulator's asynchronous state changes: five at a time fit two cores.
  for (const [name, run] of await inPool(jobs, 5, (job) => job())) runs.set(name, run);
}, 240_000);

afterAll(async () => {
  await Promise.all(simulators.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

function run(name: string): GateRun {
  const found = runs.get(name);
  if (found === undefined) throw new Error(`no gate run named ${name}`);
  return found;
}

describe('against the faithful simulator', () => {
  test('the embedded simulator (npm start): every contract holds, exit 0, summary on stdout and in $GITHUB_STEP_SUMMARY', () => {
    const embedded = run('embedded');
    expect(embedded.cli.stderr).toBe('');
    expect(failedNames(embedded)).toEqual([]);
    expect(embedded.cli.status).toBe(0);
    expect(embedded.cli.stdout).toContain('gwscheck contract: all selected contracts held');
    expect(embedded.report?.summary.passed).toBeGreaterThan(50);
    expect(embedded.report?.summary.simulator).toBe(true);
    expect(readFileSync(join(work, 'step-summary.md'), 'utf8')).toContain('| passed | failed |');
  });

  test('a simulator at /cloud-web/api/v2: the same contracts hold, admin comparisons included', () => {
    const prefixed = run('prefix');
    expect(failedNames(prefixed)).toEqual([]);
    expect(prefixed.cli.status).toBe(0);
    expect(prefixed.report?.summary.target).toMatch(/\/cloud-web\/api\/v2$/);
    const skipped = prefixed.report?.results.filter((r) => r.outcome === 'skipped').map((r) => r.name) ?? [];
    expect(skipped.filter((name) => !name.includes('CSRF'))).toEqual([]);
  });

  test('a simulator with CSRF protection and 401 for bad credentials: the CSRF contract runs and every contract holds', () => {
    const protectedRun = run('csrf');
    expect(failedNames(protectedRun)).toEqual([]);
    expect(protectedRun.cli.status).toBe(0);
    const csrf = protectedRun.report?.results.find((r) => r.tags.includes('csrf'));
    expect(csrf?.outcome).toBe('passed');
    assertNoPassword(protectedRun);
  });

  test('the four reports are well-formed and agree with each other', () => {
    const { dir, report } = run('prefix');
    expect(report?.schemaVersion).toBe(2);
    expect(Object.keys(report ?? {}).sort()).toEqual(['drift', 'failureGroups', 'results', 'schemaVersion', 'summary', 'tool']);
    const first = report?.results[0];
    expect(first && Object.keys(first).sort()).toEqual(
      ['attempts', 'curl', 'docs', 'durationMs', 'earlierFailures', 'exchange', 'file', 'id', 'latencyMs', 'message', 'name', 'operation', 'outcome', 'tags', 'violations'].sort(),
    );
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    assertWellFormedXml(xml);
    expect(xml.match(/<testcase /g)?.length).toBe(report?.summary.total);
    const html = readFileSync(join(dir, 'contract-report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('get-diagnostics-version: answers GET /diagnostics/version as the catalog says');
    expect(html).not.toMatch(/<(script|link)\b/);
  });

  test('no password appears in stdout, stderr or any report', () => {
    assertNoPassword(run('prefix'));
  });
});

describe('against a simulator with a defect', () => {
  for (const { mode, contract } of DEFECTS) {
    test(`${mode}: fails, naming ${contract}`, () => {
      const defective = run(mode);
      expect(defective.cli.status, defective.cli.stderr).toBe(1);
      expect(failedNames(defective).some((name) => name.startsWith(contract)), failedNames(defective).join('\n')).toBe(true);
      expect(defective.cli.stdout).toContain('contract(s) failed');
      assertNoPassword(defective);
    });
  }

  test('slow: the failure gives the latency figure', () => {
    const slow = run('slow');
    const violation = slow.report?.results.flatMap((r) => r.violations).find((v) => v.kind === 'latency');
    expect(violation?.message).toMatch(/\d{4} ?ms/);
  });

  test('the reports show a failure: JUnit failure element, JSON violation with pointer, HTML with the offending JSON marked', () => {
    const { dir, report } = run('user-missing-field');
    const failed = report?.results.find((r) => r.name.startsWith('get-me: answers GET /me'));
    expect(failed?.outcome).toBe('failed');
    expect(failed?.violations.some((v) => v.pointer.startsWith('/user') && v.grade === 'breaking')).toBe(true);
    expect(failed?.exchange?.httpStatus).toBe(200);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toMatch(/<testcase name="get-me: answers GET \/me as the catalog says"[^>]*>\s*<failure message="[^"]*\/user\/userName/);
    const html = readFileSync(join(dir, 'contract-report.html'), 'utf8');
    const failures = html.slice(html.indexOf('<h2>Failures</h2>'), html.indexOf('<h2>Contracts</h2>'));
    expect(failures).toContain('get-me: answers GET /me as the catalog says');
    expect(failures).toContain('<mark');
  });
});

describe.concurrent('usage and reachability', () => {
  test('a base URL that is not http(s): exit 2 with one line naming it', async () => {
    const result = await runCli(['contract'], { GWS_BASE_URL: 'localhost' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('gwscheck contract: GWS_BASE_URL "localhost" is not an http(s) URL (expected e.g. http://host:8080/api/v2)');
  });

  test('--password on the command line: refused, exit 2, the value never echoed', async () => {
    const result = await runCli(['contract', '--password', AGENT_PASSWORD]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--password is refused');
    expect(result.stdout + result.stderr).not.toContain(AGENT_PASSWORD);
  });

  test('a selection that matches no contract: exit 2, never a pass', async () => {
    const result = await runCli(['contract', '--grep', 'no-such-contract-anywhere', '--reports', join(work, 'none')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no contract ran');
  });

  test('a web server with no GWS API at the base URL: exit 2 naming the base URL', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const result = await runCli(['contract', '--base-url', `http://127.0.0.1:${port}/wrong`, '--username', 'ksippo', '--reports', join(work, 'wrong')]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(`base URL http://127.0.0.1:${port}/wrong is not a GWS API root`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('nothing listening at the base URL: exit 3 with one line', async () => {
    const port = await closedPort();
    const result = await runCli(['contract', '--base-url', `http://127.0.0.1:${port}/api/v2`, '--username', 'ksippo']);
    expect(result.status).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('unreachable');
  });
});

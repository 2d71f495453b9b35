// Before any contract: a refused login is a configuration error naming the user, not thirty failed contracts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preflight } from '../../src/gate/runner/preflight.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import { runCli } from './cli.ts';

const work = mkdtempSync(join(tmpdir(), 'gwscheck-preflight-'));
const WRONG = 'Wrong-Pw-5e0c1a';
const agent = DEFAULT_FIXTURES.users.find((u) => u.userName === 'ksippo');
const admin = DEFAULT_FIXTURES.users.find((u) => u.roles.includes('ROLE_ADMIN'));
let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await listen(buildSimulator(), { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await simulator.close();
  rmSync(work, { recursive: true, force: true });
});

function passwordFile(name: string, password: string): string {
  const file = join(work, name);
  writeFileSync(file, `${password}\n`);
  return file;
}

describe.concurrent('preflight', () => {
  test('a wrong password: exit 2, one line naming the user, never the password, no contract run', async () => {
    const result = await runCli(['contract', '--base-url', simulator.url, '--username', 'ksippo', '--password-file', passwordFile('wrong', WRONG), '--reports', join(work, 'r1')]);
    expect(result.status, result.stderr).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gwscheck contract: user "ksippo" cannot log in to http:\/\/127\.0\.0\.1:\d+\/api\/v2: GET \/me answered statusCode 20/);
    expect(result.stdout + result.stderr).not.toContain(WRONG);
    expect(result.stdout).not.toMatch(/PASS|FAIL/);
  });

  test('an unknown user: exit 2 naming that user', async () => {
    const result = await runCli(['contract', '--base-url', simulator.url, '--username', 'nobody-here', '--reports', join(work, 'r2')], { GWS_PASSWORD: WRONG });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('user "nobody-here" cannot log in');
    expect(result.stderr).not.toContain(WRONG);
  });

  test('a wrong admin password: exit 2, one line naming the admin user', async () => {
    const result = await runCli(
      ['contract', '--base-url', simulator.url, '--username', 'ksippo', '--admin-username', admin?.userName ?? 'admin', '--reports', join(work, 'r3')],
      { GWS_PASSWORD: agent?.password ?? '', GWS_ADMIN_PASSWORD: WRONG },
    );
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`admin user "${admin?.userName ?? 'admin'}" cannot log in`);
    expect(result.stderr).toContain('GWS_ADMIN_PASSWORD');
    expect(result.stderr).not.toContain(WRONG);
  });

  test('a wrong supervisor password: exit 2, one line naming the supervisor user', async () => {
    const result = await runCli(
      ['contract', '--base-url', simulator.url, '--username', 'ksippo', '--supervisor-username', 'lsupervisor', '--reports', join(work, 'r5')],
      { GWS_PASSWORD: agent?.password ?? '', GWS_SUPERVISOR_PASSWORD: WRONG },
    );
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('supervisor user "lsupervisor" cannot log in');
    expect(result.stderr).toContain('GWS_SUPERVISOR_PASSWORD');
    expect(result.stderr).not.toContain(WRONG);
  });

  test('a supervisor password on the command line is refused, naming the file flag instead', async () => {
    const result = await runCli(['contract', '--base-url', simulator.url, '--username', 'ksippo', '--supervisor-password', WRONG]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('--supervisor-password is refused: a password on the command line is visible to other users (use --supervisor-password-file FILE or GWS_SUPERVISOR_PASSWORD)');
    expect(result.stderr).not.toContain(WRONG);
  });

  test('valid logins: the contracts run, those about refused credentials among them', async () => {
    const result = await runCli(['contract', '--base-url', simulator.url, '--username', 'ksippo', '--grep', '^get-me: refuses a wrong password', '--reports', join(work, 'r4')], {
      GWS_PASSWORD: agent?.password ?? '',
      CI: '1',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('PASS  get-me: refuses a wrong password with statusCode 20');
  });
});

describe('preflight alone', () => {
  test('a GET /me that never completes is for the contracts to judge, not a refused login; 401 is refused', async () => {
    let meStatus = 0;
    const server = createServer((req, res) => {
      if ((req.url ?? '').endsWith('/diagnostics/version')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"statusCode":0,"version":"8.5.201.09"}');
      } else if (meStatus === 401) {
        res.writeHead(401, { 'content-type': 'text/html' });
        res.end('<html>401</html>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"statusCode":0,');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
    try {
      const target = { baseUrl, user: { username: 'agent', password: WRONG } };
      // The server never completes GET /features either: its features are unknown, and every contract runs.
      expect(await preflight(target, 300)).toMatchObject({ kind: 'ready', version: '8.5.201.09', features: { kind: 'unknown' } });
      meStatus = 401;
      const refused = await preflight(target, 300);
      expect(refused).toMatchObject({ kind: 'bad-input' });
      expect(refused.kind === 'bad-input' && refused.message).toBe(
        `user "agent" cannot log in to ${baseUrl}: GET /me answered HTTP 401 (expected a valid login: check GWS_USERNAME and the password in GWS_PASSWORD or --password-file)`,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe.concurrent('version and help', () => {
  test('--version and -v print the version of package.json', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag]);
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(`gwscheck ${version}`);
    }
  });

  test('help COMMAND prints that command\'s help; an unknown one is a usage error', async () => {
    const help = await runCli(['help', 'contract']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gwscheck contract \[options\]/);
    expect(help.stdout).toContain('--no-color');
    const unknown = await runCli(['help', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe('gwscheck: unknown command "nope" (expected one of: contract, probe, simulate, openapi, asyncapi)');
  });
});

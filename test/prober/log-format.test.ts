// `gwscheck probe --log-format json` as a log pipeline reads it: every line of both streams is
// one JSON object, events about a probe carry target and probe, and server text is redacted.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import { eventually, startSimulator, type TestSimulator } from './harness.ts';

const BIN = fileURLToPath(new URL('../../bin/gwscheck.js', import.meta.url));
const PASSWORD = 'hunter2-log-secret';
const USER = {
  id: 'feed0000feed0000feed0000feed0001',
  userName: 'log-agent',
  password: PASSWORD,
  firstName: 'Log',
  lastName: 'Agent',
  roles: ['ROLE_AGENT'] as const,
  channels: ['chat'] as const,
};

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startSimulator({ fixtures: { ...DEFAULT_FIXTURES, users: [...DEFAULT_FIXTURES.users, USER] } });
  // A server that echoes the password in its error text, as a misconfigured proxy might.
  await sim.fault({ type: 'status-code', route: '/me', statusCode: 4, statusMessage: `login ${USER.userName} with ${PASSWORD} failed` });
});

afterAll(async () => {
  await sim.close();
});

interface LogLine {
  readonly time: string;
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

describe('gwscheck probe --log-format json', () => {
  it('writes only JSON lines, with target and probe fields, GWS_TARGET_NAME as the target, and the password masked', async () => {
    const env = { PATH: process.env.PATH ?? '', GWS_BASE_URL: sim.url, GWS_USERNAME: USER.userName, GWS_PASSWORD: PASSWORD, GWS_TARGET_NAME: 'gws-eu', GWSCHECK_REVISION: 'test-rev' };
    const child = spawn(process.execPath, [BIN, 'probe', '--log-format', 'json', '--listen', '127.0.0.1:0', '--interval', '1s'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = (text: string): LogLine[] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LogLine);
    try {
      await eventually(() => lines(stdout).some((l) => typeof l['url'] === 'string'), 20_000);
      const url = String(lines(stdout).find((l) => typeof l['url'] === 'string')?.['url']);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      await eventually(() => lines(stderr).some((l) => l.msg === 'probe failed' && l['probe'] === 'get-me'), 20_000);
      const metrics = await (await fetch(url)).text();
      expect(metrics).toContain('gwscheck_probe_success{target="gws-eu",probe="get-diagnostics-version"}');
      expect(metrics).toContain(`gwscheck_build_info{version="`);
      expect(metrics).toMatch(new RegExp(`gwscheck_build_info\\{version="[^"]+",revision="test-rev",node="${process.versions.node}"\\} 1`));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const all = [...lines(stdout), ...lines(stderr)];
    for (const line of all) {
      expect(Object.keys(line).slice(0, 3)).toEqual(['time', 'level', 'msg']);
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      expect(['info', 'warn', 'error']).toContain(line.level);
    }
    const failed = all.find((l) => l.msg === 'probe failed' && l['probe'] === 'get-me');
    expect(failed).toMatchObject({ level: 'warn', target: 'gws-eu', probe: 'get-me', outcome: 'status_code_error', statusCode: 4 });
    expect(String(failed?.['reason'])).toContain('***');
    expect(stdout + stderr).not.toContain(PASSWORD);
    expect(all.find((l) => String(l.msg).startsWith('SIGTERM, stopping'))).toMatchObject({ level: 'info', signal: 'SIGTERM' });
  });

  it('refuses a format it does not know: exit 2, one line', async () => {
    const child = spawn(process.execPath, [BIN, 'probe', '--simulator', '--log-format', 'xml'], { env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('gwscheck probe: --log-format "xml" is not one of text, json');
  });
});

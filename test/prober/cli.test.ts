import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_AGENT, startProberCli, startSimulator, type TestSimulator } from './harness.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gwscheck.js');
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));

/** Runs the CLI as a user does; asynchronously, since the simulator it talks to lives in this process. */
function gwscheck(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'probe', ...args], { env: { ...CLEAN_ENV, ...env } });
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

let sim: TestSimulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'gwscheck-probe-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function configFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe.concurrent('gwscheck probe: usage and configuration errors exit 2 with one line', () => {
  it('--help describes the flags and says the simulator needs --simulator', async () => {
    const r = await gwscheck(['--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--config', '--listen', '--interval', '--once', '--shard', '--simulator']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/unless --simulator/);
  });

  it('no config, no GWS_BASE_URL, no --simulator: refuses to start', async () => {
    const r = await gwscheck(['--once']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no target to probe.*--simulator/);
  });

  it.each([
    ['--shard 3/3', ['--shard', '3/3'], /--shard "3\/3" is not INDEX\/COUNT with 0 <= INDEX < COUNT/],
    ['--shard x', ['--shard', 'x'], /--shard "x"/],
    ['--interval 45s', ['--interval', '45s'], /--interval "45s" is not an interval the schedule can keep/],
    ['--interval 500ms', ['--interval', '500ms'], /--interval "500ms" is shorter than node-cron's one-second resolution/],
    ['--listen nonsense', ['--listen', 'nonsense'], /--listen "nonsense" is not host:port/],
    ['an unknown flag', ['--bogus'], /bogus/],
  ])('%s', async (_name, args, message) => {
    const r = await gwscheck(args, { GWS_BASE_URL: sim.url, GWS_USERNAME: 'ksippo', GWS_PASSWORD: '' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('a bad GWS_BASE_URL names the variable and the value', async () => {
    const r = await gwscheck(['--once'], { GWS_BASE_URL: 'localhost', GWS_USERNAME: 'ksippo' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/GWS_BASE_URL "localhost" is not an http\(s\) URL/);
  });

  // Every config error is covered by src/config/prober.test.ts; these check the path to exit 2.
  it.each([
    ['a bad baseUrl', 'targets:\n  - name: a\n    baseUrl: localhost\n', /targets\[0\]\.baseUrl "localhost" is not an http\(s\) URL/],
    ['an inline password', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    username: u\n    password: hunter2\n', /targets\[0\]\.password is not allowed/],
    ['a state-changing include', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    include: [post-me-channels-voice]\n', /include "post-me-channels-voice" changes state/],
    ['YAML that does not parse', 'targets: [\n', /not valid YAML/],
  ])('config file with %s', async (name, text, message) => {
    const file = configFile(`${name.replace(/\W+/g, '-')}.yaml`, text);
    const r = await gwscheck(['--config', file, '--once']);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`config ${file}:`);
    expect(r.stderr).not.toContain('hunter2');
    expect(r.status).toBe(2);
  });

  it('a config file that cannot be read', async () => {
    const r = await gwscheck(['--config', join(dir, 'missing.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--config ".*missing\.yaml" cannot be read \(ENOENT\)/);
  });
});

describe('gwscheck probe --once', () => {
  it('prints the table and exits 0 when every probe held (env-only set-up)', async () => {
    const r = await gwscheck(['--once', '--timeout', '3s'], { GWS_BASE_URL: sim.url, GWS_USERNAME: 'ksippo', GWS_PASSWORD: '' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TARGET\s+PROBE\s+OUTCOME\s+STATUSCODE\s+MS\s+FIRST VIOLATION$/);
    expect(r.stdout).toMatch(/^127\.0\.0\.1\s+get-me\s+success\s+0\s+\d+$/m);
    // No admin credentials: the admin-only probes are left out.
    expect(r.stdout).not.toMatch(/get-skills/);
  });

  it('exits 1 when a probe failed, naming the first violation; credentials never printed', async () => {
    const sim = await startSimulator();
    await sim.fault({ type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me' });
    try {
      const file = configFile('ok.yaml', [
        'targets:',
        '  - name: gws-a',
        `    baseUrl: ${sim.url}`,
        '    username: admin',
        '    passwordEnv: GWS_A_PASSWORD',
        '    include: [get-me, get-diagnostics-version]',
        '    stateChange:',
        `      username: ${PROBE_AGENT.userName}`,
        `      passwordFile: ${configFile('agent-password', `${PROBE_AGENT.password}\n`)}`,
        '      settleTimeout: 3s',
        '      pollInterval: 50ms',
        '',
      ].join('\n'));
      const r = await gwscheck(['--config', file, '--once'], { GWS_A_PASSWORD: 'admin' });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^gws-a\s+get-me\s+schema_violation\s+0\s+\d+\s+response body \/user\/enabled: .+$/m);
      expect(r.stdout).toMatch(/^gws-a\s+get-diagnostics-version\s+success/m);
      expect(r.stdout).toMatch(/^gws-a\s+post-me-channels-voice\s+success\s+0/m);
      expect(`${r.stdout}${r.stderr}`).not.toContain(PROBE_AGENT.password);
    } finally {
      await sim.close();
    }
  });

  it('--simulator probes an embedded simulator', async () => {
    const r = await gwscheck(['--once', '--simulator']);
    expect(r.stdout).not.toMatch(/timeout|error|violation/);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^simulator\s+get-skills\s+success/m);
    expect(r.stdout).toMatch(/^simulator\s+post-me-channels-voice\s+success/m);
  });

  it('--simulator with GWS_BASE_URL is refused', async () => {
    const r = await gwscheck(['--once', '--simulator'], { GWS_BASE_URL: sim.url, GWS_USERNAME: 'ksippo' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--simulator cannot be combined with GWS_BASE_URL/);
  });

  it('--shard splits the probes into stable, disjoint shares that cover them all', async () => {
    const env = { GWS_BASE_URL: sim.url, GWS_USERNAME: 'ksippo', GWS_PASSWORD: '', GWS_ADMIN_USERNAME: 'admin', GWS_ADMIN_PASSWORD: 'admin' };
    const probes = async (args: string[]): Promise<string[]> =>
      (await gwscheck(['--once', ...args], env)).stdout
        .trim()
        .split('\n')
        .slice(1)
        .filter((l) => l !== '')
        .map((l) => l.split(/\s+/)[1] ?? '');
    const [all, ...shares] = await Promise.all([probes([]), probes(['--shard', '0/3']), probes(['--shard', '1/3']), probes(['--shard', '2/3'])]);
    if (all === undefined) throw new Error('no output');
    expect(shares.flat().sort()).toEqual([...all].sort());
    expect(new Set(shares.flat()).size).toBe(all.length);
    expect(await probes(['--shard', '1/3'])).toEqual(shares[1]);
  });
});

describe('gwscheck probe: serving and graceful shutdown', () => {
  it('prints the bound address for --listen 127.0.0.1:0, serves /metrics, and exits 0 on SIGTERM within 5 s', async () => {
    const cli = await startProberCli(['--simulator', '--listen', '127.0.0.1:0', '--interval', '1s']);
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const deadline = Date.now() + 10_000;
    while ((await fetch(`${cli.url}/-/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('never ready');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await (await fetch(`${cli.url}/metrics`)).text()).toContain('gwscheck_probe_success{target="simulator",probe="get-me"} 1');
    const sent = Date.now();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(5000);
  });

  it('exits 0 on SIGINT within 5 s even while a probe hangs', async () => {
    const sim = await startSimulator();
    await sim.fault({ type: 'hang', route: '/me' });
    try {
      const cli = await startProberCli(['--listen', '127.0.0.1:0', '--interval', '1s', '--timeout', '30s'], {
        GWS_BASE_URL: sim.url,
        GWS_USERNAME: 'ksippo',
        GWS_PASSWORD: '',
      });
      const sent = Date.now();
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expect(Date.now() - sent).toBeLessThan(5000);
    } finally {
      await sim.close();
    }
  });
});

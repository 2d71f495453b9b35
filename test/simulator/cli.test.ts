import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gwscheck.js');
const dir = mkdtempSync(join(tmpdir(), 'gwscheck-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runSync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'simulate', ...args], { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

describe.concurrent('gwscheck simulate', () => {
  it('prints --help and exits 0', async () => {
    const r = await runSync(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--auth-failure-status');
    expect(r.stdout).toContain('--fault');
    expect(r.stdout).toMatch(/--disable-feature NAME .*\n(.*\n)*.*one of api-voice, api-multimedia, /);
  });

  it('--disable-feature (repeatable) turns features off: said at start, left out of GET /features', async ({ expect }) => {
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--disable-feature', 'api-multimedia', '--disable-feature', 'api-supervisor-monitoring'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /listening at (\S+)/.exec(out);
        if (m && out.includes('Control API')) resolve(m[1] as string);
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect(out).toContain('Features turned off: api-multimedia, api-supervisor-monitoring (GET /features lists api-voice, api-supervisor-agent-control, ');
    const auth = { Authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}` };
    const features = (await (await fetch(`${url}/features?fields=*`, { headers: auth })).json()) as { features: { id: string }[] };
    expect(features.features.map((f) => f.id)).toEqual(['api-voice', 'api-supervisor-agent-control', 'api-voice-recording', 'api-voice-outbound', 'api-voice-instant-messaging']);
    const chats = await fetch(`${url}/me/chats`, { headers: auth });
    expect(chats.status).toBe(404);
    expect(await chats.json()).toEqual({ statusCode: 6, statusMessage: 'No resource at /me/chats: feature api-multimedia is not enabled' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'abc'], /--port "abc" is not an integer from 0 to 65535/],
    [['--auth-failure-status', '500'], /--auth-failure-status "500" must be 401 or 403/],
    [['--defect', 'nope'], /defect "nope" is not one of/],
    [['--disable-feature', 'api-voice', '--disable-feature', 'api-teleport'], /^gwscheck simulate: feature "api-teleport" is not one of api-voice, api-multimedia, api-supervisor-monitoring, api-supervisor-agent-control, /],
    [['--fault', 'explode'], /fault "type" "explode" is not one of/],
    [['--fault', 'latency,fixedMs'], /"fixedMs" is not key=value/],
    [['--prefix', 'no slash'], /prefix "no slash" is not a URL path/],
    [['--fixtures', '/nonexistent/file.json'], /fixtures file "\/nonexistent\/file.json" cannot be read \(ENOENT\)/],
  ])('rejects %j with one line and exit 2', async (args, message) => {
    const r = await runSync(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['{"users":[]', /is not valid JSON/],
    ['{"users":[],"extra":1}', /fixtures: unknown key "extra"/],
    ['{"users":[{"id":"x","userName":"a","password":"","firstName":"a","lastName":"b","roles":["ROLE_AGENT"]}]}', /fixtures\/users\/0\/id: must match pattern/],
    ['{"users":[{"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","userName":"a","password":"","firstName":"a","lastName":"b","roles":["ROLE_BOSS"]}]}', /fixtures\/users\/0\/roles\/0: must be one of "ROLE_AGENT"/],
    ['{"users":[{"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","userName":"a","firstName":"a","lastName":"b","roles":["ROLE_AGENT"]}]}', /fixtures\/users\/0: missing key "password"/],
    ['{"users":[{"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","userName":"a","password":"","firstName":"a","lastName":"b","roles":["ROLE_AGENT"],"skills":[{"id":"00000000-0000-0000-0000-000000000000","level":1}]}]}', /is not a skill listed in fixtures\/skills/],
  ])('rejects a bad fixtures file %s with one line naming the key', async (content, message) => {
    const file = join(dir, `f${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(file, content);
    const r = await runSync(['--fixtures', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('starts with fixtures, prints the API root and sample calls, serves, and stops on SIGTERM with exit 0', async ({ expect }) => {
    const file = join(dir, 'ok.json');
    writeFileSync(
      file,
      JSON.stringify({
        users: [{ id: 'd'.repeat(32), userName: 'solo', password: 'pw', firstName: 'S', lastName: 'O', roles: ['ROLE_ADMIN'], channels: ['chat'], loggedIn: { chat: 'Ready' } }],
        skills: [],
      }),
    );
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--prefix', '/cloud-web/api/v2', '--fixtures', file, '--fault', '{"type":"latency","fixedMs":1}', '--defect', 'status-message-on-success'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /listening at (\S+)/.exec(out);
        if (m && out.includes('Control API')) resolve(m[1] as string);
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cloud-web\/api\/v2$/);
    expect(out).toContain(`curl -u solo:PASSWORD ${url}/me`);
    expect(out).not.toContain('pw');
    const me = (await (await fetch(`${url}/me/channels/chat`, { headers: { Authorization: `Basic ${Buffer.from('solo:pw').toString('base64')}` } })).json()) as Record<string, unknown>;
    expect(me['statusMessage']).toBe('OK');
    expect((me['channel'] as { userState: { state: string } }).userState.state).toBe('Ready');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

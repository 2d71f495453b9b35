import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { loadProberConfig } from './prober.ts';
import { parseDuration, parseListen, parseSchedule } from './values.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-prober-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CATALOG = [
  { id: 'get-diagnostics-version', readOnly: true },
  { id: 'get-me', readOnly: true },
  { id: 'post-me-channels-voice', readOnly: false },
];

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function load(text: string, env: Record<string, string> = {}) {
  const path = file(`c${Math.random().toString(36).slice(2)}.yaml`, text);
  return { path, load: () => loadProberConfig({ flags: { config: path }, env, catalog: CATALOG }) };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('prober config file', () => {
  it('reads targets with credentials from env and files, defaults and per-probe settings', () => {
    const pw = file('pw', 'from-file\n');
    const { load: read } = load(
      [
        'listen: 0.0.0.0:9999',
        'interval: 30s',
        'timeout: 2s',
        'probes:',
        '  get-me: { interval: 5s }',
        'targets:',
        '  - name: gws-a',
        '    baseUrl: http://gws-a:8080/api/v2/',
        '    username: probe',
        '    passwordEnv: A_PW',
        '    admin: { username: admin, passwordFile: ' + pw + ' }',
        '    exclude: [get-diagnostics-version]',
        '    probes:',
        '      get-me: { timeout: 1s }',
        '    stateChange: { username: agent, passwordEnv: AGENT_PW, interval: 1m, settleTimeout: 3s }',
        '  - name: gws-b',
        '    baseUrl: https://gws-b/api/v2',
        '    interval: 1m',
        '',
      ].join('\n'),
      { A_PW: 'from-env', AGENT_PW: '' },
    );
    const config = read();
    expect(config?.source).toBe('file');
    expect(config?.listen).toEqual({ host: '0.0.0.0', port: 9999 });
    const [a, b] = config?.targets ?? [];
    expect(a?.baseUrl).toBe('http://gws-a:8080/api/v2');
    expect(a?.user).toEqual({ username: 'probe', password: 'from-env' });
    expect(a?.admin).toEqual({ username: 'admin', password: 'from-file' });
    expect(a?.defaults).toEqual({ schedule: { kind: 'every', seconds: 30, text: '30s' }, timeoutMs: 2000 });
    expect(a?.probes['get-me']).toEqual({ schedule: { kind: 'every', seconds: 5, text: '5s' }, timeoutMs: 1000 });
    expect(a?.exclude).toEqual(['get-diagnostics-version']);
    expect(a?.maxBodyBytes).toBe(1024 * 1024);
    expect(a?.stateChange).toMatchObject({ agent: { username: 'agent', password: '' }, settleTimeoutMs: 3000, pollIntervalMs: 250 });
    expect(b?.user).toBeUndefined();
    expect(b?.defaults.schedule).toMatchObject({ seconds: 60 });
    expect(b?.probes['get-me']?.schedule).toMatchObject({ seconds: 5 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('flags win over the file', () => {
    const path = file('flags.yaml', 'listen: 0.0.0.0:1\ninterval: 30s\ntargets:\n  - { name: a, baseUrl: "http://h/api/v2", interval: 1m }\n');
    const config = loadProberConfig({ flags: { config: path, listen: '127.0.0.1:0', interval: '5s', timeout: '750ms' }, env: {} });
    expect(config?.listen).toEqual({ host: '127.0.0.1', port: 0 });
    expect(config?.targets[0]?.defaults).toEqual({ schedule: { kind: 'every', seconds: 5, text: '5s' }, timeoutMs: 750 });
  });

  it('strict: off by default, on from the file\'s key or from the flag, wherever the targets come from', () => {
    const targets = 'targets:\n  - { name: a, baseUrl: "http://h/api/v2" }\n';
    const env = { GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'u' };
    expect(loadProberConfig({ flags: { config: file('lax.yaml', targets) }, env: {} })?.strict).toBe(false);
    expect(loadProberConfig({ flags: { config: file('strict.yaml', `strict: true\n${targets}`) }, env: {} })?.strict).toBe(true);
    expect(loadProberConfig({ flags: { config: file('lax-flag.yaml', `strict: false\n${targets}`), strict: true }, env: {} })?.strict).toBe(true);
    expect(loadProberConfig({ env })?.strict).toBe(false);
    expect(loadProberConfig({ flags: { strict: true }, env })?.strict).toBe(true);
    expect(loadProberConfig({ flags: { simulator: true, strict: true }, env: {} })?.strict).toBe(true);
    expect(errorOf(() => loadProberConfig({ flags: { config: file('strict-yes.yaml', `strict: yes please\n${targets}`) }, env: {} }))).toMatch(/: strict: "yes please" is not true or false/);
  });

  it.each([
    ['a bad baseUrl', 'targets:\n  - name: a\n    baseUrl: localhost\n', /targets\[0\]\.baseUrl "localhost" is not an http\(s\) URL \(expected e\.g\. http/],
    ['an unknown key', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    intervall: 5s\n', /targets\[0\]: unknown key "intervall" \(expected one of: name, baseUrl/],
    ['an inline password', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    username: u\n    password: hunter2\n', /targets\[0\]\.password is not allowed: passwords never go inline \(expected passwordEnv or passwordFile\)/],
    ['no targets', 'listen: 127.0.0.1:9464\n', /: \(top level\): missing key "targets"/],
    ['an empty target list', 'targets: []\n', /targets: \[\] is not a list of targets/],
    ['a bad target name', 'targets:\n  - name: "gws a!"\n    baseUrl: http://h/api/v2\n', /targets\[0\]\.name: "gws a!" is not a short name/],
    ['a wrong type', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    maxBodyBytes: lots\n', /targets\[0\]\.maxBodyBytes: "lots" is not a positive whole number of bytes/],
    ['a bad timeout', 'timeout: 5 seconds\ntargets:\n  - name: a\n    baseUrl: http://h/api/v2\n', /: timeout "5 seconds" is not a duration \(expected e\.g\. 500ms, 5s or 1m\)/],
    ['an interval cron cannot keep', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    interval: 7s\n', /targets\[0\]\.interval "7s" is not an interval the schedule can keep \(expected 1s to 30s dividing 60/],
    ['a bad cron expression', 'interval: "99 * * * * *"\ntargets:\n  - name: a\n    baseUrl: http://h/api/v2\n', /interval "99 \* \* \* \* \*" is not a valid cron expression \(second: /],
    ['an unknown probe id', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    include: [get-mee]\n', /targets\[0\]\.include "get-mee" is not a probe id \(expected one of: get-diagnostics-version, get-me\)/],
    ['a state-changing include', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    include: [post-me-channels-voice]\n', /targets\[0\]\.include "post-me-channels-voice" changes state/],
    ['an unset password variable', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    username: u\n    passwordEnv: NOPE\n', /targets\[0\]\.passwordEnv "NOPE" names an environment variable that is not set/],
    ['a missing password file', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    username: u\n    passwordFile: /nonexistent/pw\n', /targets\[0\]\.passwordFile "\/nonexistent\/pw" cannot be read \(ENOENT\)/],
    ['both password sources', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    username: u\n    passwordFile: /dev/null\n    passwordEnv: X\n', /targets\[0\] sets both passwordEnv and passwordFile/],
    ['a username without a password source', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    username: u\n', /targets\[0\] has a username but no password source/],
    ['a duplicate target name', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n  - name: a\n    baseUrl: http://h/api/v2\n', /targets\[1\]\.name "a" is used twice/],
    ['the probe user as state-change agent', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    username: u\n    passwordFile: /dev/null\n    stateChange: { username: u, passwordFile: /dev/null }\n', /targets\[0\]\.stateChange\.username "u" is the probe user/],
    ['a bad listen address', 'listen: 9464\ntargets:\n  - name: a\n    baseUrl: http://h/api/v2\n', /listen: 9464 is not host:port/],
    ['YAML that does not parse', 'targets: [\n', /: line \d+: not valid YAML/],
    ['an alias without its anchor', 'targets: [*nothing]\n', /: not valid YAML: Unresolved alias \(the anchor must be set before the alias\): nothing$/],
    ['a timeout longer than a timer can wait', 'timeout: 600h\ntargets:\n  - name: a\n    baseUrl: http://h/api/v2\n', /: timeout "600h" is out of range \(expected 1ms to 2147483647ms/],
    ['an alias bomb', `a: &a [x, x, x, x, x, x, x, x, x]\n${'bcdefg'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`).join('\n')}\ntargets: [*g]\n`, /not valid YAML: more alias expansions than maxAliasCount 100 allows/],
  ])('%s → one line naming the key, the value and what was expected', (_name, text, message) => {
    const { path, load: read } = load(text);
    const error = errorOf(read);
    expect(error).toMatch(message);
    expect(error.startsWith(`config ${path}:`)).toBe(true);
    expect(error).not.toContain('\n');
    expect(error).not.toContain('hunter2');
  });

  it('lists every problem of a file at once, one line each, in file order', () => {
    const { path, load: read } = load(
      [
        'timeout: 600h',
        'targets:',
        '  - name: a',
        '    baseUrl: localhost',
        '    intervall: 5s',
        '  - name: a',
        '    baseUrl: http://h/api/v2',
        '    include: [get-mee]',
        '    stateChange: { username: agent, passwordEnv: NOPE, settleTimeout: 0ms }',
        '',
      ].join('\n'),
    );
    const lines = errorOf(read).split('\n');
    expect(lines).toEqual([
      `config ${path}: targets[0]: unknown key "intervall" (expected one of: name, baseUrl, username, passwordEnv, passwordFile, admin, interval, timeout, maxBodyBytes, include, exclude, probes, stateChange, syntheticCall, contactCenterId, syntheticChat, tls)`,
      `config ${path}: timeout "600h" is out of range (expected 1ms to 2147483647ms, about 596h)`,
      `config ${path}: targets[0].baseUrl "localhost" is not an http(s) URL (expected e.g. http://host:8080/api/v2)`,
      `config ${path}: targets[1].name "a" is used twice (expected a unique name per target)`,
      `config ${path}: targets[1].include "get-mee" is not a probe id (expected one of: get-diagnostics-version, get-me)`,
      `config ${path}: targets[1].stateChange.passwordEnv "NOPE" names an environment variable that is not set (expected it to hold the password; set it empty for an empty password)`,
      `config ${path}: targets[1].stateChange.settleTimeout "0ms" is out of range (expected 1ms to 2147483647ms, about 596h)`,
    ]);
  });

  it('flags and file problems come together', () => {
    const { path } = load('targets:\n  - name: a\n    baseUrl: nope\n');
    const message = errorOf(() => loadProberConfig({ flags: { config: path, timeout: '3000000000ms', shard: '2/2', listen: 'x' }, env: {} }));
    expect(message.split('\n')).toEqual([
      '--listen "x" is not host:port (expected e.g. 127.0.0.1:9464 or 0.0.0.0:9464; port 0 picks a free port)',
      '--timeout "3000000000ms" is out of range (expected 1ms to 2147483647ms, about 596h)',
      '--shard "2/2" is not INDEX/COUNT with 0 <= INDEX < COUNT (expected e.g. 0/3, 1/3, 2/3)',
      `config ${path}: targets[0].baseUrl "nope" is not an http(s) URL (expected e.g. http://host:8080/api/v2)`,
    ]);
  });

  it('a probe id that names a prototype stays a key', () => {
    const path = file('proto.yaml', 'targets:\n  - name: a\n    baseUrl: http://h/api/v2\n    probes:\n      __proto__: { timeout: 1s }\n');
    const probes = loadProberConfig({ flags: { config: path }, env: {} })?.targets[0]?.probes ?? {};
    expect(Object.getPrototypeOf(probes)).toBe(Object.prototype);
    expect(Object.hasOwn(probes, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['timeoutMs']).toBeUndefined();
  });

  it('an unreadable file', () => {
    expect(errorOf(() => loadProberConfig({ flags: { config: join(dir, 'missing.yaml') }, env: {} }))).toMatch(/--config ".*missing\.yaml" cannot be read \(ENOENT\); expected a YAML file/);
  });
});

describe('prober config from the environment', () => {
  it('names the environment\'s target by GWS_TARGET_NAME, and refuses a name that is no target name', () => {
    const env = { GWS_BASE_URL: 'http://gws:8080/api/v2', GWS_USERNAME: 'u', GWS_PASSWORD: 'p' };
    expect(loadProberConfig({ env: { ...env, GWS_TARGET_NAME: 'gws-eu.1' } })?.targets[0]?.name).toBe('gws-eu.1');
    expect(errorOf(() => loadProberConfig({ env: { ...env, GWS_TARGET_NAME: 'gws eu' } }))).toBe(
      'GWS_TARGET_NAME "gws eu" is not a target name (expected letters, digits, _ . - and at most 63 characters, e.g. gws-a)',
    );
  });

  it('builds the target named by the base URL\'s host from GWS_BASE_URL, GWS_USERNAME, GWS_PASSWORD', () => {
    const config = loadProberConfig({ flags: { interval: '1m' }, env: { GWS_BASE_URL: 'http://gws:8080/api/v2', GWS_USERNAME: 'u', GWS_PASSWORD: 'p' } });
    expect(config?.source).toBe('environment');
    expect(config?.listen).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(config?.targets[0]).toMatchObject({ name: 'gws', baseUrl: 'http://gws:8080/api/v2', user: { username: 'u', password: 'p' } });
    expect(config?.targets[0]?.defaults).toEqual({ schedule: { kind: 'every', seconds: 60, text: '1m' }, timeoutMs: 5000 });
  });

  it('is undefined without GWS_BASE_URL or a file', () => {
    expect(loadProberConfig({ env: {} })).toBeUndefined();
  });

  it('--simulator: no targets yet, the flags parsed; refused beside another source of targets', () => {
    const config = loadProberConfig({ flags: { simulator: true, interval: '1m', shard: '1/2' }, env: {} });
    expect(config).toMatchObject({ source: 'simulator', targets: [], shard: { index: 1, count: 2 }, defaults: { timeoutMs: 5000 } });
    expect(config?.defaults.schedule).toMatchObject({ seconds: 60 });
    expect(errorOf(() => loadProberConfig({ flags: { simulator: true }, env: { GWS_BASE_URL: 'http://h/api/v2', GWS_USERNAME: 'u' } }))).toBe(
      '--simulator cannot be combined with GWS_BASE_URL (expected one source of targets)',
    );
  });
});

describe('values', () => {
  it('schedules: shorthands dividing their unit, or six-field cron; one second at the shortest', () => {
    expect(parseSchedule('15s', 'k')).toEqual({ kind: 'every', seconds: 15, text: '15s' });
    expect(parseSchedule('2m', 'k')).toMatchObject({ seconds: 120 });
    expect(parseSchedule('6h', 'k')).toMatchObject({ seconds: 21_600 });
    expect(parseSchedule('*/10 * * * * *', 'k')).toEqual({ kind: 'cron', expression: '*/10 * * * * *', text: '*/10 * * * * *' });
    expect(() => parseSchedule('500ms', 'k')).toThrow(/one-second resolution/);
    expect(() => parseSchedule('0s', 'k')).toThrow(ConfigError);
    expect(() => parseSchedule('45s', 'k')).toThrow(/not an interval the schedule can keep/);
    expect(() => parseSchedule('90m', 'k')).toThrow(/not an interval/);
    expect(() => parseSchedule('* * * * *', 'k')).toThrow(/six-field/);
  });

  it('durations and listen addresses', () => {
    expect(parseDuration('250ms', 'k')).toBe(250);
    expect(parseDuration('2m', 'k')).toBe(120_000);
    expect(() => parseDuration('0s', 'k')).toThrow(/k "0s" is out of range \(expected 1ms to/);
    expect(() => parseDuration('600h', 'k')).toThrow('k "600h" is out of range (expected 1ms to 2147483647ms, about 596h)');
    expect(() => parseDuration('3000', 'k')).toThrow(/k "3000" is not a duration/);
    expect(parseDuration('3000', 'k', { bareMilliseconds: true })).toBe(3000);
    expect(parseListen('[::1]:0', 'k')).toEqual({ host: '::1', port: 0 });
    expect(() => parseListen('host:99999', 'k')).toThrow(/k "host:99999" is not host:port/);
    expect(() => parseListen(':9464', 'k')).toThrow(ConfigError);
  });
});

describe('prober config: tls per target', () => {
  const cert = readFileSync(new URL('../../test/client/fixtures/localhost-cert.pem', import.meta.url), 'utf8');
  const key = readFileSync(new URL('../../test/client/fixtures/localhost-key.pem', import.meta.url), 'utf8');

  it('reads the CA, client certificate and key files at load time, with serverName and insecureSkipVerify', () => {
    const ca = file('ca.pem', cert);
    const certFile = file('client.pem', cert);
    const keyFile = file('client-key.pem', key);
    const { load: read } = load(
      [
        'targets:',
        '  - name: a',
        '    baseUrl: https://gws-a/api/v2',
        `    tls: { ca: ${ca}, cert: ${certFile}, key: ${keyFile}, serverName: gws.example.com }`,
        '  - name: b',
        '    baseUrl: https://gws-b/api/v2',
        '    tls: { insecureSkipVerify: true }',
        '  - name: c',
        '    baseUrl: http://gws-c/api/v2',
      ].join('\n'),
    );
    const [a, b, c] = read()?.targets ?? [];
    expect(a?.tls).toEqual({ ca: cert, cert, key, insecureSkipVerify: false, serverName: 'gws.example.com' });
    expect(b?.tls).toEqual({ insecureSkipVerify: true });
    expect(c?.tls).toBeUndefined();
  });

  it('collects a missing file, a file without PEM, a half pair, contradicting settings and an IP as serverName, naming each key', () => {
    const notPem = file('not-pem.txt', 'hello');
    const missing = join(dir, 'missing-ca.pem');
    const { path, load: read } = load(
      [
        'targets:',
        '  - name: a',
        '    baseUrl: https://gws-a/api/v2',
        `    tls: { ca: ${missing}, cert: ${notPem}, insecureSkipVerify: true, serverName: 10.0.0.1 }`,
      ].join('\n'),
    );
    expect(errorOf(read).split('\n')).toEqual([
      `config ${path}: targets[0].tls.ca "${missing}" cannot be read (ENOENT); expected a PEM file holding the CA certificates to trust`,
      `config ${path}: targets[0].tls.cert "${notPem}" holds no PEM block; expected a PEM file holding a client certificate`,
      `config ${path}: targets[0].tls.cert is set but targets[0].tls.key is not (expected a client certificate and its key, or neither)`,
      `config ${path}: targets[0].tls.insecureSkipVerify and targets[0].tls.ca are both set (expected one: a CA to verify with, or no verification)`,
      `config ${path}: targets[0].tls.serverName "10.0.0.1" is not a host name (expected e.g. gws.example.com; an IP address cannot be sent as SNI)`,
    ]);
  });

  it('refuses an unknown tls key', () => {
    const { load: read } = load(['targets:', '  - name: a', '    baseUrl: https://gws-a/api/v2', '    tls: { verify: false }'].join('\n'));
    expect(errorOf(read)).toMatch(/targets\[0\]\.tls.*verify/);
  });
});

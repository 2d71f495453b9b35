import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadGateConfig, terminalOutput } from './index.ts';

describe('loadGateConfig', () => {
  test('no base URL: no target (the embedded simulator runs), defaults filled in', () => {
    const config = loadGateConfig({}, {});
    expect(config.target).toBeUndefined();
    expect(config).toMatchObject({ reportsDir: 'reports', timeoutMs: 5000, asyncDeadlineMs: 5000, httpStatusStrict: false, tags: [] });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('the contact center id goes with the target; without a base URL it is an error, as is a value with spaces', () => {
    const env = { GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'ksippo' };
    expect(loadGateConfig({}, { ...env, GWS_CONTACT_CENTER_ID: 'cc-1' }).target?.contactCenterId).toBe('cc-1');
    expect(loadGateConfig({ contactCenterId: 'cc-2' }, { ...env, GWS_CONTACT_CENTER_ID: 'cc-1' }).target?.contactCenterId).toBe('cc-2');
    expect(loadGateConfig({}, env).target?.contactCenterId).toBeUndefined();
    expect(() => loadGateConfig({ contactCenterId: 'cc 1' }, env)).toThrow('--contact-center-id "cc 1" is not a contact center id');
    expect(() => loadGateConfig({}, { GWS_CONTACT_CENTER_ID: 'cc-1' })).toThrow('GWS_CONTACT_CENTER_ID is set but GWS_BASE_URL is not');
  });

  test('the queue URI and the open-media type go with the target; each is checked, and needs a base URL', () => {
    const env = { GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'ksippo' };
    const queue = 'http://gws/api/v2/queues/995655ec';
    expect(loadGateConfig({}, { ...env, GWS_QUEUE_URI: queue, GWS_OPENMEDIA_TYPE: 'workitem' }).target).toMatchObject({ queueUri: queue, openmediaType: 'workitem' });
    expect(loadGateConfig({ queueUri: `${queue}-2`, openmediaType: 'promotion' }, { ...env, GWS_QUEUE_URI: queue }).target).toMatchObject({ queueUri: `${queue}-2`, openmediaType: 'promotion' });
    expect(loadGateConfig({}, env).target).not.toHaveProperty('queueUri');
    expect(() => loadGateConfig({ queueUri: 'queues/1' }, env)).toThrow('--queue-uri "queues/1" is not an absolute http(s) URI');
    expect(() => loadGateConfig({}, { ...env, GWS_OPENMEDIA_TYPE: 'work item' })).toThrow('GWS_OPENMEDIA_TYPE "work item" is not a media type name');
    expect(() => loadGateConfig({}, { GWS_QUEUE_URI: queue })).toThrow('GWS_QUEUE_URI is set but GWS_BASE_URL is not');
    expect(() => loadGateConfig({ openmediaType: 'workitem' }, {})).toThrow('--openmedia-type is set but GWS_BASE_URL is not');
  });

  test('--require-feature is repeatable and joins GWS_REQUIRE_FEATURES; a name that is not a feature is refused', () => {
    expect(loadGateConfig({}, {}).requiredFeatures).toEqual([]);
    expect(loadGateConfig({ requireFeatures: ['api-voice', 'api-multimedia'] }, { GWS_REQUIRE_FEATURES: 'api-voice, api-supervisor-monitoring' }).requiredFeatures)
      .toEqual(['api-voice', 'api-multimedia', 'api-supervisor-monitoring']);
    expect(loadGateConfig({}, {}).staticMock).toBe(false);
    expect(loadGateConfig({ staticMock: true }, {}).staticMock).toBe(true);
    expect(() => loadGateConfig({ requireFeatures: ['API Voice'] }, {})).toThrow('--require-feature "API Voice" is not a feature name (expected e.g. api-voice, api-multimedia)');
    // A bad name from the environment is named as coming from there.
    expect(() => loadGateConfig({}, { GWS_REQUIRE_FEATURES: 'api-voice, API Chat' })).toThrow('GWS_REQUIRE_FEATURES "API Chat" is not a feature name (expected e.g. api-voice, api-multimedia)');
  });

  test('order: stable unless --shuffle; --shuffle alone draws a seed, --shuffle SEED keeps it', () => {
    expect(loadGateConfig({}, {}).order).toEqual({ kind: 'stable' });
    expect(loadGateConfig({ shuffle: '0' }, {}).order).toEqual({ kind: 'shuffled', seed: 0 });
    expect(loadGateConfig({ shuffle: '4294967295' }, {}).order).toEqual({ kind: 'shuffled', seed: 4294967295 });
    const drawn = loadGateConfig({ shuffle: '' }, {}).order;
    expect(drawn.kind === 'shuffled' && Number.isInteger(drawn.seed) && drawn.seed > 0).toBe(true);
  });

  test('environment: base URL without trailing slash, empty password allowed, admin optional', () => {
    const config = loadGateConfig({}, { GWS_BASE_URL: 'http://gws:8080/api/v2/', GWS_USERNAME: 'ksippo', GWS_PASSWORD: '' });
    expect(config.target).toEqual({ baseUrl: 'http://gws:8080/api/v2', user: { username: 'ksippo', password: '' } });
  });

  test('flags win over the environment; the password file loses its trailing newline', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gwscheck-config-')), 'pw');
    writeFileSync(file, 's3cret\n');
    const config = loadGateConfig(
      { baseUrl: 'https://other/api/v2', username: 'alice', passwordFile: file, adminUsername: 'root' },
      { GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'bob', GWS_PASSWORD: 'x', GWS_ADMIN_PASSWORD: 'y' },
    );
    expect(config.target).toEqual({ baseUrl: 'https://other/api/v2', user: { username: 'alice', password: 's3cret' }, admin: { username: 'root', password: 'y' } });
  });

  test('supervisor: optional, configured like the admin, the flags winning over the environment', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gwscheck-config-')), 'pw');
    writeFileSync(file, 'watch\n');
    const env = { GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'ksippo', GWS_SUPERVISOR_USERNAME: 'lsupervisor', GWS_SUPERVISOR_PASSWORD: 'supervisor' };
    expect(loadGateConfig({}, env).target?.supervisor).toEqual({ username: 'lsupervisor', password: 'supervisor' });
    expect(loadGateConfig({ supervisorUsername: 'boss', supervisorPasswordFile: file }, env).target?.supervisor).toEqual({ username: 'boss', password: 'watch' });
    expect(loadGateConfig({}, { GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'ksippo' }).target).not.toHaveProperty('supervisor');
  });

  test.each([
    [{ GWS_BASE_URL: 'localhost' }, 'GWS_BASE_URL "localhost" is not an http(s) URL (expected e.g. http://host:8080/api/v2)'],
    [{ GWS_BASE_URL: 'ftp://gws/api/v2', GWS_USERNAME: 'u' }, 'GWS_BASE_URL "ftp://gws/api/v2" is not an http(s) URL (expected e.g. http://host:8080/api/v2)'],
    [{ GWS_BASE_URL: 'http://gws/api/v2' }, 'GWS_USERNAME is not set (expected the agent login to run as)'],
    [{ GWS_BASE_URL: 'http://u:p@gws/api/v2', GWS_USERNAME: 'u' }, 'GWS_BASE_URL must not carry credentials in the URL (use GWS_USERNAME and GWS_PASSWORD or --password-file)'],
    [{ GWS_BASE_URL: '', GWS_USERNAME: 'u' }, 'GWS_BASE_URL is set but empty (expected the API root, e.g. http://host:8080/api/v2, or unset it to use the embedded simulator)'],
    [{ GWS_USERNAME: 'agent1', GWS_PASSWORD: 'secret' }, 'GWS_USERNAME is set but GWS_BASE_URL is not (expected the API root of the server those credentials are for, e.g. http://host:8080/api/v2)'],
    [{ GWS_ADMIN_PASSWORD: 'secret' }, 'GWS_ADMIN_PASSWORD is set but GWS_BASE_URL is not (expected the API root of the server those credentials are for, e.g. http://host:8080/api/v2)'],
    [{ GWS_SUPERVISOR_USERNAME: 'lsupervisor' }, 'GWS_SUPERVISOR_USERNAME is set but GWS_BASE_URL is not (expected the API root of the server those credentials are for, e.g. http://host:8080/api/v2)'],
    [{ GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'u', GWS_ADMIN_PASSWORD: 'secret' }, 'an admin password is set but GWS_ADMIN_USERNAME is not (expected both, or neither)'],
    [{ GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'u', GWS_SUPERVISOR_PASSWORD: 'secret' }, 'a supervisor password is set but GWS_SUPERVISOR_USERNAME is not (expected both, or neither)'],
  ])('bad environment %o: one line naming the value', (env, message) => {
    expect(() => loadGateConfig({}, env)).toThrow(new ConfigError(message));
  });

  test.each([
    [{ timeout: '0' }, '--timeout "0" is out of range (expected 1ms to 2147483647ms, about 596h)'],
    [{ timeout: '3000000000' }, '--timeout "3000000000" is out of range (expected 1ms to 2147483647ms, about 596h)'],
    [{ asyncDeadline: '600h' }, '--async-deadline "600h" is out of range (expected 1ms to 2147483647ms, about 596h)'],
    [{ latencyBudget: 'fast' }, '--latency-budget "fast" is not a duration (expected e.g. 500ms, 5s, 1m, or 3000 for milliseconds)'],
    [{ retries: '-1' }, '--retries "-1" is not an integer from 0 to 10'],
    [{ reportsDir: '/proc/gwscheck-reports' }, '--reports "/proc/gwscheck-reports" is not a writable directory (ENOENT); expected a directory for the report files'],
    [{ grep: '(' }, '--grep "(" is not a valid regular expression'],
    [{ tags: ['Read Only'] }, '--tag "Read Only" is not a tag name (expected e.g. read-only, security, async, admin)'],
    [{ passwordFile: '/nonexistent/pw', baseUrl: 'http://gws/api/v2', username: 'u' }, '--password-file "/nonexistent/pw" cannot be read (ENOENT); expected a file holding the password'],
    [{ retries: 'two' }, '--retries "two" is not an integer from 0 to 10'],
    [{ retries: '11' }, '--retries "11" is not an integer from 0 to 10'],
    [{ shuffle: 'tomorrow' }, '--shuffle "tomorrow" is not an integer from 0 to 4294967295'],
    [{ shuffle: '4294967296' }, '--shuffle "4294967296" is not an integer from 0 to 4294967295'],
    [{ record: '/nonexistent/dir/shapes.json' }, '--record "/nonexistent/dir/shapes.json": directory "/nonexistent/dir" does not exist (expected a file path in an existing directory)'],
    [{ compare: '' }, '--compare needs a file written by gwscheck contract --record'],
    [{ supervisorPasswordFile: '/nonexistent/pw', baseUrl: 'http://gws/api/v2', username: 'u', supervisorUsername: 's' }, '--supervisor-password-file "/nonexistent/pw" cannot be read (ENOENT); expected a file holding the password'],
    [{ supervisorUsername: 'lsupervisor' }, '--supervisor-username is set but GWS_BASE_URL is not (expected the API root of the server those credentials are for, e.g. http://host:8080/api/v2)'],
    [{ passwordFile: '/nonexistent/pw' }, '--password-file is set but GWS_BASE_URL is not (expected the API root of the server those credentials are for, e.g. http://host:8080/api/v2)'],
    [{ reportsDir: '/etc/passwd/reports' }, '--reports "/etc/passwd/reports" is not a writable directory (ENOTDIR); expected a directory for the report files'],
  ])('bad flag %o: one line naming the value', (flags, message) => {
    expect(() => loadGateConfig(flags, {})).toThrow(new ConfigError(message));
  });

  test('time flags take milliseconds or a duration with a unit', () => {
    expect(loadGateConfig({ timeout: '3000', latencyBudget: '2s', asyncDeadline: '1m' }, {})).toMatchObject({
      timeoutMs: 3000, latencyBudgetMs: 2000, asyncDeadlineMs: 60_000,
    });
  });

  test('every problem of flags and environment at once, one line each', () => {
    expect(() => loadGateConfig({ timeout: 'soon', retries: '-1', tags: ['A B'], passwordFile: '/nonexistent/pw' }, { GWS_BASE_URL: 'http://gws/api/v2', GWS_NOTIFICATIONS: 'maybe' })).toThrow(
      new ConfigError([
        'GWS_USERNAME is not set (expected the agent login to run as)',
        '--password-file "/nonexistent/pw" cannot be read (ENOENT); expected a file holding the password',
        '--tag "A B" is not a tag name (expected e.g. read-only, security, async, admin)',
        '--timeout "soon" is not a duration (expected e.g. 500ms, 5s, 1m, or 3000 for milliseconds)',
        '--retries "-1" is not an integer from 0 to 10',
        'GWS_NOTIFICATIONS "maybe" is not one of auto, required, off',
      ]),
    );
  });

  test('drift and retry options default off and are taken as given', () => {
    expect(loadGateConfig({}, {})).toMatchObject({ strict: false, retries: 0, failOnFlaky: false });
    expect(loadGateConfig({ strict: true, retries: '2', failOnFlaky: true, record: 'shapes.json', compare: 'old.json' }, {})).toMatchObject({
      strict: true, retries: 2, failOnFlaky: true, recordFile: 'shapes.json', compareFile: 'old.json',
    });
  });
});

describe('terminalOutput', () => {
  test('a terminal gets live progress and colour; CI or a pipe get plain lines; --quiet none', () => {
    expect(terminalOutput({}, true, {})).toEqual({ progress: 'live', color: true });
    expect(terminalOutput({}, true, { CI: 'true' })).toEqual({ progress: 'plain', color: true });
    expect(terminalOutput({}, false, {})).toEqual({ progress: 'plain', color: false });
    expect(terminalOutput({ quiet: true }, true, {})).toEqual({ progress: 'off', color: true });
    expect(terminalOutput({}, true, { TERM: 'dumb' }).color).toBe(false);
  });

  test('colour: --no-color, then NO_COLOR, then FORCE_COLOR, then the terminal', () => {
    expect(terminalOutput({ noColor: true }, true, { FORCE_COLOR: '1' }).color).toBe(false);
    expect(terminalOutput({}, true, { NO_COLOR: '1', FORCE_COLOR: '1' }).color).toBe(false);
    expect(terminalOutput({}, true, { NO_COLOR: '' }).color).toBe(true);
    expect(terminalOutput({}, false, { FORCE_COLOR: '1' }).color).toBe(true);
    expect(terminalOutput({}, true, { FORCE_COLOR: '0' }).color).toBe(false);
  });
});

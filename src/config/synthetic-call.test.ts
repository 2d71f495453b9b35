import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { loadProberConfig } from './prober.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-call-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function load(target: string, env: Record<string, string> = {}) {
  files += 1;
  const path = join(dir, `c${files}.yaml`);
  writeFileSync(path, `targets:\n  - name: gws-a\n    baseUrl: http://gws-a:8080/api/v2\n    username: probe\n    passwordEnv: PW\n${target}`);
  return loadProberConfig({ flags: { config: path }, env: { PW: 'p', CALL_PW: 'c', ...env } });
}

function errorOf(target: string): string {
  try {
    load(target);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the syntheticCall block of a target', () => {
  it('is off unless configured', () => {
    expect(load('')?.targets[0]?.syntheticCall).toBeUndefined();
    expect(load('    syntheticCall: { enabled: false, username: a, passwordEnv: CALL_PW, testNumber: "15002" }\n')?.targets[0]?.syntheticCall).toBeUndefined();
  });

  it('reads the agent, the test number and the timings, with defaults for what is left out', () => {
    const full = load('    syntheticCall: { username: caller, passwordEnv: CALL_PW, testNumber: "+15002", interval: 5m, timeout: 2s, settleTimeout: 20s, pollInterval: 500ms }\n');
    expect(full?.targets[0]?.syntheticCall).toEqual({
      agent: { username: 'caller', password: 'c' },
      testNumber: '+15002',
      schedule: { kind: 'every', seconds: 300, text: '5m' },
      timeoutMs: 2000,
      settleTimeoutMs: 20_000,
      pollIntervalMs: 500,
    });
    const short = load('    timeout: 3s\n    syntheticCall: { username: caller, passwordEnv: CALL_PW, testNumber: "15002" }\n');
    expect(short?.targets[0]?.syntheticCall).toMatchObject({
      schedule: { kind: 'every', seconds: 60 },
      timeoutMs: 3000,
      settleTimeoutMs: 15_000,
      pollIntervalMs: 250,
    });
  });

  it.each([
    ['no test number', '    syntheticCall: { username: caller, passwordEnv: CALL_PW }\n', /targets\[0\]\.syntheticCall: missing key "testNumber"/],
    ['a test number that is not a number', '    syntheticCall: { username: caller, passwordEnv: CALL_PW, testNumber: "sip:ivr" }\n', /syntheticCall\.testNumber: "sip:ivr" is not a number that answers by itself/],
    ['the probe user as the calling agent', '    syntheticCall: { username: probe, passwordEnv: CALL_PW, testNumber: "15002" }\n', /syntheticCall\.username "probe" is the probe user/],
    ['no password source', '    syntheticCall: { username: caller, testNumber: "15002" }\n', /syntheticCall has a username but no password source/],
    ['an inline password', '    syntheticCall: { username: caller, password: x, testNumber: "15002" }\n', /syntheticCall\.password is not allowed: passwords never go inline/],
    ['a bad settle timeout', '    syntheticCall: { username: caller, passwordEnv: CALL_PW, testNumber: "15002", settleTimeout: soon }\n', /syntheticCall\.settleTimeout "soon" is not a duration \(expected/],
    ['an interval the schedule cannot keep', '    syntheticCall: { username: caller, passwordEnv: CALL_PW, testNumber: "15002", interval: 45s }\n', /syntheticCall\.interval "45s" is not an interval the schedule can keep/],
  ])('refuses %s with one line naming it', (_, target, expected) => {
    const message = errorOf(target);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { loadProberConfig } from './prober.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-chat-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CENTER = '    contactCenterId: cfe5ad67-ba6d-4340-81f9-bb680ef5d498\n';
let files = 0;
function load(target: string) {
  files += 1;
  const path = join(dir, `c${files}.yaml`);
  writeFileSync(path, `targets:\n  - name: gws-a\n    baseUrl: http://gws-a:8080/api/v2\n    username: probe\n    passwordEnv: PW\n${target}`);
  return loadProberConfig({ flags: { config: path }, env: { PW: 'p', CHAT_PW: 'c' } });
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

describe('the syntheticChat block of a target', () => {
  it('is off unless configured', () => {
    expect(load(CENTER)?.targets[0]?.syntheticChat).toBeUndefined();
    expect(load(`${CENTER}    syntheticChat: { enabled: false, username: a, passwordEnv: CHAT_PW }\n`)?.targets[0]?.syntheticChat).toBeUndefined();
  });

  it('reads the agent, the target\'s contact center, the queue and the timings, with defaults for what is left out', () => {
    const full = load(`${CENTER}    syntheticChat: { username: chatter, passwordEnv: CHAT_PW, endpoint: gwscheck-probe-queue, interval: 5m, timeout: 2s, settleTimeout: 20s, pollInterval: 500ms }\n`);
    expect(full?.targets[0]?.contactCenterId).toBe('cfe5ad67-ba6d-4340-81f9-bb680ef5d498');
    expect(full?.targets[0]?.syntheticChat).toEqual({
      agent: { username: 'chatter', password: 'c' },
      contactCenterId: 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498',
      endpoint: 'gwscheck-probe-queue',
      schedule: { kind: 'every', seconds: 300, text: '5m' },
      timeoutMs: 2000,
      settleTimeoutMs: 20_000,
      pollIntervalMs: 500,
    });
    const short = load(`${CENTER}    timeout: 3s\n    syntheticChat: { username: chatter, passwordEnv: CHAT_PW }\n`);
    expect(short?.targets[0]?.syntheticChat).toMatchObject({ schedule: { kind: 'every', seconds: 60 }, timeoutMs: 3000, settleTimeoutMs: 15_000, pollIntervalMs: 250 });
    expect(short?.targets[0]?.syntheticChat?.endpoint).toBeUndefined();
  });

  it.each([
    ['no contact center id', '    syntheticChat: { username: chatter, passwordEnv: CHAT_PW }\n', /targets\[0\]\.syntheticChat needs the target's contactCenterId \(expected the contact center's id/],
    ['a contact center id with a space', '    contactCenterId: "cc 1"\n    syntheticChat: { username: chatter, passwordEnv: CHAT_PW }\n', /targets\[0\]\.contactCenterId: "cc 1" is not a contact center id/],
    ['the probe user as the chat agent', `${CENTER}    syntheticChat: { username: probe, passwordEnv: CHAT_PW }\n`, /syntheticChat\.username "probe" is the probe user/],
    ['no username', `${CENTER}    syntheticChat: { passwordEnv: CHAT_PW }\n`, /targets\[0\]\.syntheticChat: missing key "username"/],
    ['an inline password', `${CENTER}    syntheticChat: { username: chatter, password: x }\n`, /syntheticChat\.password is not allowed: passwords never go inline/],
    ['an empty queue name', `${CENTER}    syntheticChat: { username: chatter, passwordEnv: CHAT_PW, endpoint: "" }\n`, /syntheticChat\.endpoint: "" is not the name of a chat queue/],
    ['a bad settle timeout', `${CENTER}    syntheticChat: { username: chatter, passwordEnv: CHAT_PW, settleTimeout: soon }\n`, /syntheticChat\.settleTimeout "soon" is not a duration \(expected/],
  ])('refuses %s with one line naming it', (_, target, expected) => {
    const message = errorOf(target);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });
});

// Server text passes the one redaction before the prober prints it: a statusMessage that echoes
// the password (plain, or as the Basic header it was sent) shows masked.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT, startScriptedGws, type ScriptedGws } from '../client/scripted-gws.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gwscheck.js');
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));
const BASIC = Buffer.from(`${AGENT.username}:${AGENT.password}`, 'latin1').toString('base64');

let gws: ScriptedGws;
beforeAll(async () => {
  gws = await startScriptedGws();
  // Short enough that judge() shows it whole: the password and the Basic header as received.
  gws.echoOnMe = (authorization) => `pw ${AGENT.password} ${authorization ?? 'no header'}`;
});
afterAll(() => gws.close());

function env(): Record<string, string> {
  return { ...CLEAN_ENV, GWS_BASE_URL: gws.baseUrl, GWS_USERNAME: AGENT.username, GWS_PASSWORD: AGENT.password };
}

/** `quote`: how a double quote shows; a text log line quotes a field value, escaping its quotes. */
function expectMasked(text: string, quote = '"'): void {
  expect(text).toContain(`(${quote}pw *** Basic ***${quote})`);
  expect(text).not.toContain(AGENT.password);
  expect(text).not.toContain(BASIC);
}

describe('gwscheck probe: server text is masked', () => {
  it('in the --once table', async () => {
    const child = spawn(process.execPath, [BIN, 'probe', '--once', '--timeout', '3s'], { env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(1);
    expect(stdout).toMatch(/^127\.0\.0\.1\s+get-me\s+status_code_error\s+2\s+\d+\s+.*pw/m);
    expectMasked(stdout + stderr);
  });

  it("in the daemon's log", async () => {
    const child = spawn(process.execPath, [BIN, 'probe', '--listen', '127.0.0.1:0', '--interval', '1s', '--timeout', '3s'], { env: env() });
    let output = '';
    const logged = new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no get-me warning within 20 s:\n${output}`)), 20_000);
      const read = (d: Buffer): void => {
        output += d.toString();
        if (/warn probe failed target=127\.0\.0\.1 probe=get-me outcome=status_code_error.*\n/.test(output)) {
          clearTimeout(deadline);
          resolve();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
    });
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    try {
      await logged;
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
    expectMasked(output, '\\"');
  });
});

// `gwscheck probe` stopped by SIGTERM while its state-change probe has a change in flight: the
// prober drains (no run starts, /-/ready answers 503), lets the change land, restores the agent,
// and exits 0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import { PROBE_AGENT, startProberCli } from './harness.ts';

const AGENT_AUTH = `Basic ${Buffer.from(`${PROBE_AGENT.userName}:${PROBE_AGENT.password}`).toString('base64')}`;
/** Marks this test's own reads, so that they do not count as the prober's. */
const OBSERVER = 'x-drain-test';

let running: RunningSimulator;
let dir: string;
const changeWaiters: (() => void)[] = [];

beforeAll(async () => {
  const simulator = buildSimulator({ fixtures: { ...DEFAULT_FIXTURES, users: [...DEFAULT_FIXTURES.users, PROBE_AGENT] }, asyncDelayMs: 20 });
  const seen = (req: IncomingMessage): void => {
    if (req.headers[OBSERVER] !== undefined || req.method !== 'POST' || !(req.url ?? '').endsWith('/me/channels/voice')) return;
    for (const resolve of changeWaiters.splice(0)) resolve();
  };
  running = await listen({ ...simulator, handler: (req, res) => (seen(req), simulator.handler(req, res)) });
  dir = mkdtempSync(join(tmpdir(), 'gwscheck-drain-'));
});
afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The probe agent's channels, as GET /me/channels?fields=* answers them. */
async function agentChannels(): Promise<string> {
  const res = await fetch(`${running.url}/me/channels?fields=*`, { headers: { authorization: AGENT_AUTH, [OBSERVER]: '1' } });
  const body = (await res.json()) as { channels?: { channel?: string; userState?: { state?: string } }[] };
  return JSON.stringify((body.channels ?? []).map((c) => [c.channel, c.userState?.state]));
}

describe('gwscheck probe: SIGTERM during a state change', () => {
  it('answers /-/ready 503 while draining, lets the late change land, restores the agent and exits 0', async () => {
    const config = join(dir, 'prober.yaml');
    writeFileSync(
      config,
      [
        'listen: 127.0.0.1:0',
        'targets:',
        '  - name: sim',
        `    baseUrl: ${running.url}`,
        '    username: ksippo',
        '    passwordEnv: KS_PW',
        '    include: [get-me]',
        `    stateChange: { username: ${PROBE_AGENT.userName}, passwordEnv: AGENT_PW, interval: 1s, timeout: 2s, settleTimeout: 5s }`,
        '',
      ].join('\n'),
    );
    const start = await agentChannels();
    const cli = await startProberCli(['--config', config], { KS_PW: '', AGENT_PW: PROBE_AGENT.password });
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${cli.url}/-/ready`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`never ready; output: ${cli.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The next change answers after 3 s, past the probe's 2 s timeout: it lands late.
    const fault = await fetch(`${running.origin}/__simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'latency', fixedMs: 3000, method: 'POST', route: '/me/channels/voice', times: 1 }),
    });
    expect(fault.ok).toBe(true);
    await new Promise<void>((resolve) => changeWaiters.push(resolve));
    cli.child.kill('SIGTERM');

    // While draining, /-/ready says so; the server closes when the drain is over.
    const readiness: number[] = [];
    let drainingBody = '';
    for (;;) {
      const answer = await fetch(`${cli.url}/-/ready`).then(
        async (res) => ({ status: res.status, body: await res.text() }),
        () => undefined,
      );
      if (answer === undefined) break;
      // The signal takes a moment to arrive: readiness counts from the first answer that shows it.
      if (answer.status === 503 || readiness.length > 0) readiness.push(answer.status);
      if (answer.status === 503) drainingBody = answer.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await cli.exited, cli.output()).toBe(0);
    expect(readiness.length).toBeGreaterThan(0);
    expect(readiness.every((status) => status === 503), readiness.join(' ')).toBe(true);
    expect(drainingBody).toMatch(/^draining/);
    expect(cli.output()).not.toMatch(/could not be restored/);
    // The late change landed during the drain; the agent is back, and stays so.
    const until = Date.now() + 1000;
    do {
      expect(await agentChannels()).toBe(start);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } while (Date.now() < until);
  }, 60_000);
});

// A contract run stopped with SIGINT in the middle of a call contract: no finally restores
// anything, so the gate hangs up the agent's calls before it exits.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { ROOT } from './cli.ts';

const BIN = fileURLToPath(new URL('../../bin/gwscheck.js', import.meta.url));
const AGENT = { Authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}` };
let simulator: RunningSimulator | undefined;

afterAll(async () => {
  await simulator?.close();
});

async function activeCalls(running: RunningSimulator): Promise<unknown[]> {
  return ((await (await fetch(`${running.origin}/__simulator/calls`)).json()) as { calls: unknown[] }).calls;
}

test('SIGINT while a call contract holds a call: exit 130 and GET /me/calls is empty afterwards', async () => {
  // A slow switch keeps the contract on its call long enough to be interrupted there.
  const running = await listen(buildSimulator({ asyncDelayMs: 300 }), { host: '127.0.0.1', port: 0 });
  simulator = running;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));
  const child = spawn(process.execPath, [BIN, 'contract', '--base-url', running.url, '--username', 'ksippo', '--tag', 'call', '--grep', '^post-me-calls-id: a dialled call'], { cwd: ROOT, env: clean });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  const deadline = Date.now() + 60_000;
  while ((await activeCalls(running)).length === 0) {
    if (Date.now() > deadline) throw new Error(`the contract never made a call: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGINT');
  expect(await exited, stderr).toBe(130);
  expect(await (await fetch(`${running.url}/me/calls`, { headers: AGENT })).json()).toEqual({ statusCode: 0, uris: [] });
  expect(await activeCalls(running)).toEqual([]);
}, 90_000);

// A contract run stopped with SIGINT in the middle of a call, monitoring, chat or email contract: no
// finally restores anything, so the gate hangs up the agent's calls, closes its chats, cancels its email drafts, and cancels
// the supervisor's monitoring and hangs up its calls, before it exits.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { ROOT } from './cli.ts';

const BIN = fileURLToPath(new URL('../../bin/gwscheck.js', import.meta.url));
const AGENT = { Authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}` };
const SUPERVISOR = { Authorization: `Basic ${Buffer.from('lsupervisor:supervisor').toString('base64')}` };
const SUPERVISOR_DEVICE = '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02';
const simulators: RunningSimulator[] = [];

afterAll(async () => {
  await Promise.all(simulators.map((s) => s.close()));
});

async function supervisorDevice(running: RunningSimulator): Promise<Record<string, unknown> | undefined> {
  const body = (await (await fetch(`${running.url}/me/devices/${SUPERVISOR_DEVICE}`, { headers: SUPERVISOR })).json()) as { device?: Record<string, unknown> };
  return body.device;
}

async function activeCalls(running: RunningSimulator): Promise<unknown[]> {
  return ((await (await fetch(`${running.origin}/__simulator/calls`)).json()) as { calls: unknown[] }).calls;
}

test('SIGINT while a call contract holds a call: exit 130 and GET /me/calls is empty afterwards', async () => {
  // A slow switch keeps the contract on its call long enough to be interrupted there.
  const running = await listen(buildSimulator({ asyncDelayMs: 300 }), { host: '127.0.0.1', port: 0 });
  simulators.push(running);
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

test('SIGINT while a supervisor monitors the agent\'s call: exit 130, no monitoring and no call left', async () => {
  const running = await listen(buildSimulator({ asyncDelayMs: 300 }), { host: '127.0.0.1', port: 0 });
  simulators.push(running);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));
  const args = ['contract', '--base-url', running.url, '--username', 'ksippo', '--supervisor-username', 'lsupervisor', '--tag', 'supervisor', '--grep', '^post-me-devices-id: a supervisor listens in'];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...clean, GWS_SUPERVISOR_PASSWORD: 'supervisor' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  const deadline = Date.now() + 60_000;
  while ((await supervisorDevice(running))?.['supervisorMonitoringState'] === undefined) {
    if (Date.now() > deadline) throw new Error(`the contract never started monitoring: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGINT');
  expect(await exited, stderr).toBe(130);
  expect(await supervisorDevice(running)).not.toHaveProperty('supervisorMonitoringState');
  expect(await (await fetch(`${running.url}/me/calls`, { headers: SUPERVISOR })).json()).toEqual({ statusCode: 0, uris: [] });
  expect(await (await fetch(`${running.url}/me/calls`, { headers: AGENT })).json()).toEqual({ statusCode: 0, uris: [] });
  expect(await activeCalls(running)).toEqual([]);
}, 90_000);

async function agentChats(running: RunningSimulator): Promise<{ id?: string; state?: string }[]> {
  const body = (await (await fetch(`${running.url}/me/chats?fields=*`, { headers: AGENT })).json()) as { chats?: { id?: string; state?: string }[] };
  return body.chats ?? [];
}

test('SIGINT while a chat contract holds a chat: exit 130, and GET /me/chats shows no chat of the agent open', async () => {
  const running = await listen(buildSimulator({ asyncDelayMs: 300 }), { host: '127.0.0.1', port: 0 });
  simulators.push(running);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));
  const args = ['contract', '--base-url', running.url, '--username', 'ksippo', '--contact-center-id', 'gwscheck-test', '--tag', 'chat', '--grep', '^post-me-chats-id: a chat offered'];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: clean });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  const deadline = Date.now() + 60_000;
  while (!(await agentChats(running)).some((c) => c.state === 'Chatting')) {
    if (Date.now() > deadline) throw new Error(`the contract never accepted a chat: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGINT');
  expect(await exited, stderr).toBe(130);
  const open = (await agentChats(running)).filter((c) => c.state !== 'Completed' && c.state !== 'LeftChat');
  expect(open).toEqual([]);
}, 90_000);

async function agentEmails(running: RunningSimulator): Promise<{ id?: string; state?: string }[]> {
  const body = (await (await fetch(`${running.url}/me/emails?fields=*`, { headers: AGENT })).json()) as { emails?: { id?: string; state?: string }[] };
  return body.emails ?? [];
}

test('SIGINT while an email contract holds a draft: exit 130, and GET /me/emails shows no email of the agent open', async () => {
  const running = await listen(buildSimulator({ asyncDelayMs: 300 }), { host: '127.0.0.1', port: 0 });
  simulators.push(running);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));
  const args = ['contract', '--base-url', running.url, '--username', 'ksippo', '--queue-uri', `${running.url}/queues/1`, '--tag', 'email', '--grep', '^post-me-emails: an outbound email'];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: clean });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  const deadline = Date.now() + 60_000;
  while (!(await agentEmails(running)).some((e) => e.state === 'Composing')) {
    if (Date.now() > deadline) throw new Error(`the contract never created an email: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGINT');
  expect(await exited, stderr).toBe(130);
  expect(await agentEmails(running)).toEqual([]);
}, 90_000);

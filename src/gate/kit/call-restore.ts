import type { TestContext } from 'vitest';
import type { AgentSnapshot } from '../../contracts/agent-state.ts';
import { withAgentRestored, withRestore } from './agent.ts';
import { readCalls } from './call-flow.ts';
import { asJson, listOf } from './interaction-flow.ts';
import { eventually } from './eventually.ts';
import type { Gate } from './harness.ts';

type Test = TestContext['task'];

/** The device settings a call contract may change: DND and forwarding [src: DevicesAttribs]. */
interface DeviceSettings {
  readonly id: string;
  readonly doNotDisturb: unknown;
  readonly forwardTo: unknown;
}

async function readDevice(gate: Gate): Promise<DeviceSettings | undefined> {
  const exchange = await gate.user.send({ method: 'GET', path: '/me/devices', query: { fields: '*' } });
  const device = listOf(asJson(exchange.response.body)?.['devices'])[0];
  const id = device?.['id'];
  return typeof id === 'string' ? { id, doNotDisturb: device?.['doNotDisturb'], forwardTo: device?.['forwardTo'] } : undefined;
}

const deviceOp = (gate: Gate, id: string, operationName: string) =>
  gate.user.send({ method: 'POST', path: `/me/devices/${encodeURIComponent(id)}`, body: { operationName } }).catch(() => undefined);

/**
 * Hangs up every call GET /me/calls shows and waits until none is left; then turns DND and call
 * forwarding off again where they were off at `start`. Throws a one-line error naming what is left.
 */
export async function restoreCalls(gate: Gate, start: DeviceSettings | undefined): Promise<void> {
  const deadlineMs = gate.context.asyncDeadlineMs;
  const { calls } = await readCalls(gate);
  if (calls.length > 0) {
    await Promise.all(calls.map((c) => gate.user.send({ method: 'POST', path: `/me/calls/${encodeURIComponent(String(c['id']))}`, body: { operationName: 'Hangup' } }).catch(() => undefined)));
    const gone = await eventually(() => readCalls(gate), (r) => r.calls.length === 0, { deadlineMs });
    if (!gone.ok) throw new Error(`calls still in progress ${deadlineMs} ms after Hangup: ${gone.last.calls.map((c) => `${String(c['id'])} ${String(c['state'])}`).join(', ')}`);
  }
  if (start === undefined) return;
  const now = await readDevice(gate);
  const dndBack = start.doNotDisturb !== 'On' && now?.doNotDisturb === 'On';
  const forwardBack = start.forwardTo === undefined && now?.forwardTo !== undefined;
  if (dndBack) await deviceOp(gate, start.id, 'DoNotDisturbOff');
  if (forwardBack) await deviceOp(gate, start.id, 'ForwardCallsOff');
  if (!dndBack && !forwardBack) return;
  const settled = await eventually(() => readDevice(gate), (d) => d?.doNotDisturb !== 'On' && d?.forwardTo === undefined, { deadlineMs });
  if (!settled.ok) throw new Error(`device still shows doNotDisturb ${String(settled.last?.doNotDisturb)}, forwardTo ${String(settled.last?.forwardTo)} ${deadlineMs} ms after turning them off`);
}

/**
 * Runs a contract that makes calls or changes the device, then hangs up every call, restores DND
 * and forwarding, and finally the agent state (withAgentRestored), also when the contract threw.
 * A clean-up that fails fails the contract, naming what is left behind.
 */
export async function withCallsRestored(gate: Gate, task: Test, body: (start: AgentSnapshot) => Promise<void>): Promise<void> {
  await withAgentRestored(gate, task, async (start) => {
    const device = await readDevice(gate);
    await withRestore(gate, task, () => body(start), () => restoreCalls(gate, device), 'could not clean up');
  });
}

// Supervisor contracts: a supervisor (or an admin) sets an agent's channel Ready, NotReady or
// Offline; the agent's ChannelStateChangeMessageV2 on /v2/me/channels and GET /me/channels show it
// [src: AgentStateControlReady/NotReady/Offline]. An agent is refused [src: RV852 table: 3 or 5].
// A supervisor listens in on, coaches and barges in on the agent's call, then cancels: each shown by
// the supervisor's DeviceStateChangeMessage on /v2/me/devices and GET /me/devices/{id}
// [src: SupervisorListenIn, DevicesAttribs], and the agent's call shows supervisorListeningIn.
import { test } from 'vitest';
import { SUPERVISOR_OUTCOMES, type ExpectedOutcome } from '../src/contracts/outcomes.ts';
import { LOGGED_OUT, NO_ADMIN_REASON, NO_SUPERVISOR_REASON, moveAgentTo, useGate, withAgentRestored } from '../src/gate/kit/index.ts';
import {
  channelCheck,
  deviceUriOf,
  dialTestNumber,
  expectListening,
  expectMonitoringTarget,
  expectOutcome,
  openCallFlow,
  operateDevice,
  sendAcknowledged,
  sendRefused,
  supervisorBusy,
  supervisorIdentity,
  withCallsRestored,
  withSupervisorRestored,
} from '../src/gate/kit/calls.ts';

const gate = useGate();
const operation = gate.operation('post-users-id-channels-channel');
const device = gate.operation('post-me-devices-id');
const dial = gate.operation('post-me-devices-id-calls');
const deadline = gate.context.asyncDeadlineMs;
const { admin, supervisor } = gate.context.target;

async function agentId(): Promise<string> {
  const me = await gate.user.send({ method: 'GET', path: '/me' });
  const id = (me.response.body as { user?: { id?: unknown } } | undefined)?.user?.id;
  return typeof id === 'string' ? id : '';
}

test(`post-users-id-channels-channel: a supervisor sets the agent Ready, NotReady and Offline on voice, shown to the agent within ${deadline} ms`, { tags: ['supervisor', 'admin', 'async', 'changes-state', 'positive'] }, async ({ task, skip }) => {
  // Both a supervisor and an admin may do it [src: AgentStateControl* pages]; the supervisor is the usual one.
  const controller = gate.supervisor ?? gate.admin;
  const who = (gate.supervisor !== undefined ? supervisor : admin)?.username;
  if (controller === undefined) return skip(`neither a supervisor nor an admin is configured: ${NO_SUPERVISOR_REASON}; ${NO_ADMIN_REASON}`);
  await withAgentRestored(gate, task, async (start) => {
    if (start.get('voice') === LOGGED_OUT) await moveAgentTo(gate, new Map([...start, ['voice', 'NotReady']]));
    const id = await agentId();
    const flow = await openCallFlow(gate, task, operation);
    try {
      for (const operationName of ['Ready', 'NotReady', 'Offline']) {
        const sentAt = await sendAcknowledged(flow, { method: 'POST', path: `/users/${encodeURIComponent(id)}/channels/voice`, body: { operationName } }, controller);
        await expectOutcome(flow, channelCheck(flow, SUPERVISOR_OUTCOMES[operationName] as ExpectedOutcome, `${operationName} on the agent's voice channel by ${who ?? 'the supervisor'}`, 'voice'), sentAt);
      }
    } finally {
      await flow.close();
    }
  });
});

test('post-users-id-channels-channel: an agent is refused with statusCode 3 or 5', { tags: ['supervisor', 'negative', 'security', 'changes-state'] }, async ({ task }) => {
  await withAgentRestored(gate, task, async () => {
    const flow = await openCallFlow(gate, task, operation);
    try {
      await sendRefused(flow, { method: 'POST', path: `/users/${encodeURIComponent(await agentId())}/channels/voice`, body: { operationName: 'NotReady' } }, [3, 5]);
    } finally {
      await flow.close();
    }
  });
});

test('get-users-id-skills-skillid: an unknown skill of a user is refused with statusCode 6', { tags: ['admin', 'negative', 'read-only', 'stateful'] }, async ({ task, skip }) => {
  if (gate.admin === undefined) return skip(NO_ADMIN_REASON);
  const read = gate.operation('get-users-id-skills-skillid');
  const exchange = await gate.admin.send({ method: 'GET', path: `/users/${encodeURIComponent(await agentId())}/skills/00000000-0000-4000-8000-000000000000` });
  gate.expect(task, read, exchange, { expectStatusCodes: [6] });
});

test(`post-me-devices-id: a supervisor listens in on, coaches and barges in on the agent's call, then cancels, each shown by the supervisor's DeviceStateChangeMessage and GET within ${deadline} ms`, { tags: ['supervisor', 'monitoring', 'device', 'async', 'changes-state', 'positive'] }, async ({ task, skip }) => {
  const identity = supervisorIdentity(gate);
  if (identity === undefined) return skip(NO_SUPERVISOR_REASON);
  const busy = await supervisorBusy(identity);
  if (busy !== undefined) return skip(busy);
  // One call for the whole sequence: the agent dials the test number, which answers by itself.
  await withCallsRestored(gate, task, async () => {
    await withSupervisorRestored(gate, task, identity, async () => {
      const agent = await openCallFlow(gate, task, dial);
      const watcher = await openCallFlow(gate, task, device, identity).catch(async (error: unknown) => {
        await agent.close();
        throw error;
      });
      try {
        const callId = await dialTestNumber(agent);
        const targetDeviceUri = deviceUriOf(agent);
        const by = `by ${identity.credentials.username} on the agent's device ${agent.deviceId}`;
        expectMonitoringTarget(watcher, await operateDevice(watcher, { operationName: 'ListenIn', targetDeviceUri }), agent.deviceId);
        await expectListening({ ...agent, operation: device }, callId, true, `ListenIn ${by}`);
        expectMonitoringTarget(watcher, await operateDevice(watcher, { operationName: 'Coach', targetDeviceUri }), agent.deviceId);
        expectMonitoringTarget(watcher, await operateDevice(watcher, { operationName: 'BargeIn', targetDeviceUri }), agent.deviceId);
        await operateDevice(watcher, { operationName: 'CancelSupervisorMonitoring' });
        await expectListening({ ...agent, operation: device }, callId, false, `CancelSupervisorMonitoring ${by}`);
      } finally {
        await Promise.all([agent.close(), watcher.close()]);
      }
    });
  });
});

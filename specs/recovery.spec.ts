// State recovery: a desktop that reconnects reads /me/devices, /me/calls and /me/channels with
// fields=*, or GET /me?subresources=* for the user with its devices and channels, and rebuilds its
// view from them [src: RecoveringExistingState 8.6.0, QAS850]. After a call and a change of it, those
// reads must agree with each other and with the notifications the change announced.
import { test } from 'vitest';
import { ruleViolation, useGate } from '../src/gate/kit/index.ts';
import { dialTestNumber, openCallFlow, operateCall, readCalls, withCallsRestored } from '../src/gate/kit/calls.ts';

type Json = Readonly<Record<string, unknown>>;

const gate = useGate();
const recovery = gate.operation('get-me');
const control = gate.operation('post-me-calls-id');

const asJson = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asJson).filter((v): v is Json => v !== undefined) : []);
const stateOf = (item: Json | undefined): unknown => asJson(item?.['userState'])?.['state'];

test('get-me: after a call is dialled and held, the state-recovery reads agree with each other and with the notifications', { tags: ['call', 'recovery', 'async', 'changes-state', 'positive'] }, async ({ task }) => {
  await withCallsRestored(gate, task, async () => {
    const flow = await openCallFlow(gate, task, gate.operation('post-me-devices-id-calls'));
    try {
      const callId = await dialTestNumber(flow);
      await operateCall({ ...flow, operation: control }, callId, { operationName: 'Hold' });
      const [calls, devices, channels, me] = await Promise.all([
        readCalls(gate),
        gate.user.send({ method: 'GET', path: '/me/devices', query: { fields: '*' } }),
        gate.user.send({ method: 'GET', path: '/me/channels', query: { fields: '*' } }),
        gate.user.send({ method: 'GET', path: '/me', query: { subresources: '*' } }),
      ]);
      gate.expect(task, gate.operation('get-me-devices'), devices, {});
      gate.expect(task, gate.operation('get-me-channels'), channels, {});
      gate.expect(task, recovery, me, {});
      const fail = (rule: string, message: string, exchange = me): never => gate.fail(task, recovery, ruleViolation('status-code', rule, `${message} [src: RecoveringExistingState 8.6.0]`), exchange);

      // The call as the last CallStateChangeMessage about it announced it, and as GET /me/calls shows it.
      const announced = (flow.session?.received() ?? [])
        .map((n) => (n.channel === '/v2/me/calls' ? asJson(asJson(n.message['data'])?.['call']) : undefined))
        .filter((call): call is Json => call?.['id'] === callId)
        .at(-1);
      const listed = calls.calls.find((c) => c['id'] === callId);
      if (listed?.['state'] !== 'Held') fail('recovery-calls', `GET /me/calls?fields=* shows call ${callId} ${listed === undefined ? 'not at all' : `in state ${String(listed['state'])}`} after Hold was announced`, calls.exchange);
      if (announced !== undefined && announced['state'] !== listed?.['state']) fail('recovery-calls', `the last CallStateChangeMessage of call ${callId} says ${String(announced['state'])}, GET /me/calls says ${String(listed?.['state'])}`, calls.exchange);

      // One voice state, wherever it is read: the device's userState and the voice channel's.
      const device = listOf(asJson(devices.response.body)?.['devices']).find((d) => d['id'] === flow.deviceId);
      const voice = listOf(asJson(channels.response.body)?.['channels']).find((c) => c['channel'] === 'voice');
      if (voice !== undefined && stateOf(device) !== stateOf(voice)) {
        fail('recovery-agent-state', `GET /me/devices shows the agent ${String(stateOf(device))} on device ${flow.deviceId}, GET /me/channels ${String(stateOf(voice))} on voice`, channels);
      }

      // GET /me?subresources=* carries the same devices and channels [src: RecoveringExistingState 8.6.0, QAS850].
      const user = asJson(asJson(me.response.body)?.['user']);
      const ids = (list: Json[]): string => JSON.stringify(list.map((d) => d['id']).sort());
      const meDevices = listOf(user?.['devices']);
      if (user?.['devices'] !== undefined && ids(meDevices) !== ids(listOf(asJson(devices.response.body)?.['devices']))) {
        fail('recovery-subresources', `GET /me?subresources=* lists devices ${ids(meDevices)}, GET /me/devices ${ids(listOf(asJson(devices.response.body)?.['devices']))}`);
      }
      const channelStates = (list: Json[]): string => JSON.stringify(list.map((c) => `${String(c['channel'])}=${String(stateOf(c))}`).sort());
      const meChannels = listOf(user?.['channels']);
      if (user?.['channels'] !== undefined && channelStates(meChannels) !== channelStates(listOf(asJson(channels.response.body)?.['channels']))) {
        fail('recovery-subresources', `GET /me?subresources=* shows channels ${channelStates(meChannels)}, GET /me/channels ${channelStates(listOf(asJson(channels.response.body)?.['channels']))}`);
      }
      if (user?.['devices'] === undefined && user?.['channels'] === undefined) fail('recovery-subresources', 'GET /me?subresources=* carries neither devices nor channels');
    } finally {
      await flow.close();
    }
  });
});

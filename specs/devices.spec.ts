// Device contracts: DND and call forwarding change the device, announced as a
// DeviceStateChangeMessage on /v2/me/devices that GET /me/devices/{id} agrees with
// [src: AgentStateDoNotDisturbOn/Off, ForwardCallsOn, DevicesAttribs]; supervisor monitoring is
// refused for an agent [src: SupervisorListenIn, RV852 table]. Each contract restores the device.
import type { TestContext } from 'vitest';
import { test } from 'vitest';
import { EXAMPLE_TEST_NUMBER } from '../src/contracts/outcomes.ts';
import { useGate } from '../src/gate/kit/index.ts';
import { openCallFlow, operateDevice, sendRefused, withCallsRestored, type CallFlow } from '../src/gate/kit/calls.ts';

type Test = TestContext['task'];

const gate = useGate();
const operation = gate.operation('post-me-devices-id');
const deadline = gate.context.asyncDeadlineMs;
/** The number calls are forwarded to: the test number, which answers by itself. */
const FORWARD_TO = EXAMPLE_TEST_NUMBER;

async function withDevice(task: Test, body: (flow: CallFlow) => Promise<void>): Promise<void> {
  await withCallsRestored(gate, task, async () => {
    const flow = await openCallFlow(gate, task, operation);
    try {
      await body(flow);
    } finally {
      await flow.close();
    }
  });
}

test(`post-me-devices-id: DoNotDisturbOn and DoNotDisturbOff show through DeviceStateChangeMessage and GET within ${deadline} ms`, { tags: ['device', 'async', 'changes-state', 'positive'] }, async ({ task }) => {
  await withDevice(task, async (flow) => {
    await operateDevice(flow, { operationName: 'DoNotDisturbOn' });
    await operateDevice(flow, { operationName: 'DoNotDisturbOff' });
  });
});

test(`post-me-devices-id: ForwardCallsOn shows forwardTo, ForwardCallsOff removes it, within ${deadline} ms`, { tags: ['device', 'async', 'changes-state', 'positive'] }, async ({ task }) => {
  await withDevice(task, async (flow) => {
    await operateDevice(flow, { operationName: 'ForwardCallsOn', destination: FORWARD_TO });
    await operateDevice(flow, { operationName: 'ForwardCallsOff' });
  });
});

test('post-me-devices-id: ListenIn, Coach and BargeIn by an agent are refused with statusCode 3 or 5', { tags: ['device', 'supervisor', 'negative', 'security', 'changes-state'] }, async ({ task }) => {
  await withDevice(task, async (flow) => {
    // A device that does not exist as the target: nothing can be monitored even if the role check were missing.
    const targetDeviceUri = `${gate.context.target.baseUrl}/devices/gwscheck-no-such-device`;
    for (const operationName of ['ListenIn', 'Coach', 'BargeIn']) {
      await sendRefused(flow, { method: 'POST', path: `/me/devices/${encodeURIComponent(flow.deviceId)}`, body: { operationName, targetDeviceUri } }, [3, 5]);
    }
  });
});

test('post-me-devices-id: an operation on a device that is not the agent\'s is refused with statusCode 6', { tags: ['device', 'negative', 'changes-state'] }, async ({ task }) => {
  await withDevice(task, async (flow) => {
    await sendRefused(flow, { method: 'POST', path: '/me/devices/gwscheck-no-such-device', body: { operationName: 'DoNotDisturbOn' } }, [6]);
  });
});

// Call control contracts: every operation answers exactly {"statusCode":0} and its outcome arrives
// as a CallStateChangeMessage on /v2/me/calls that a GET afterwards agrees with [src: CallsDial
// 8.5.2, CallsHold, CallsHangup, CallsMessageType]. Each contract dials once for a group of
// operations and hangs up every call, restoring DND, forwarding and agent state, in a finally.
import type { TestContext } from 'vitest';
import { test } from 'vitest';
import { EXAMPLE_TEST_NUMBER } from '../src/contracts/outcomes.ts';
import { NO_SUPERVISOR_REASON, ruleViolation, useGate } from '../src/gate/kit/index.ts';
import {
  RINGING,
  awaitRinging,
  callCheck,
  conferenceWith,
  deliverThroughSimulator,
  dialAgentAsSupervisor,
  dialTestNumber,
  expectOutcome,
  expectParticipantGone,
  openCallFlow,
  operateCall,
  readCalls,
  sendAcknowledged,
  sendRefused,
  supervisorBusy,
  supervisorIdentity,
  valueAt,
  withCallsRestored,
  withSupervisorRestored,
  type CallFlow,
} from '../src/gate/kit/calls.ts';

type Test = TestContext['task'];
type Json = Readonly<Record<string, unknown>>;

const gate = useGate();
const dial = gate.operation('post-me-devices-id-calls');
const control = gate.operation('post-me-calls-id');
const deadline = gate.context.asyncDeadlineMs;
const TAGS = ['call', 'async', 'changes-state'];
const TEST_NUMBER = { phoneNumber: EXAMPLE_TEST_NUMBER };

/** Dials the test number, then runs `body` on the call with POST /me/calls/{id} as the operation judged. */
async function withCall(task: Test, body: (flow: CallFlow, callId: string) => Promise<void>): Promise<void> {
  await withCallsRestored(gate, task, async () => {
    const flow = await openCallFlow(gate, task, dial);
    try {
      const callId = await dialTestNumber(flow);
      await body({ ...flow, operation: control }, callId);
    } finally {
      await flow.close();
    }
  });
}

/** Capabilities follow the state: a Held call offers Retrieve, not Hold; an Established one Hold, not Retrieve [src: CallsHold latest, CallsDial 8.5.2]. */
function expectCapabilities(flow: CallFlow, call: Json | undefined, offers: string, lacks: string): void {
  const capabilities = call?.['capabilities'];
  const list = Array.isArray(capabilities) ? capabilities : [];
  if (!list.includes(offers) || list.includes(lacks)) {
    flow.gate.fail(flow.task, flow.operation, ruleViolation('schema', 'capabilities', `a ${String(call?.['state'])} call offers ${JSON.stringify(list)}: it must offer ${offers} and not ${lacks} [src: CallsHold latest]`, '/call/capabilities'));
  }
}

function expectUserData(flow: CallFlow, call: Json | undefined, key: string, value: unknown): void {
  const actual = valueAt(call, `/userData/${key}`);
  if (actual !== value) {
    const shown = value === undefined ? 'gone' : JSON.stringify(value);
    flow.gate.fail(flow.task, flow.operation, ruleViolation('status-code', 'user-data', `after AttachedDataChanged GET shows userData ${JSON.stringify(call?.['userData'] ?? null)}: ${key} should be ${shown} [src: AttachUserData, UpdateUserData, DeleteUserDataPair]`, '/call/userData'));
  }
}

test(`post-me-calls-id: a dialled call is held, retrieved and hung up, each shown by CallStateChangeMessage and GET within ${deadline} ms`, { tags: [...TAGS, 'positive'] }, async ({ task }) => {
  await withCall(task, async (flow, callId) => {
    expectCapabilities(flow, await operateCall(flow, callId, { operationName: 'Hold' }), 'Retrieve', 'Hold');
    expectCapabilities(flow, await operateCall(flow, callId, { operationName: 'Retrieve' }), 'Hold', 'Retrieve');
    await operateCall(flow, callId, { operationName: 'Hangup' });
  });
});

test('post-me-calls-id: user data is attached, updated and deleted, and DTMF digits are sent, each announced', { tags: [...TAGS, 'positive'] }, async ({ task }) => {
  await withCall(task, async (flow, callId) => {
    const userData = async (body: Json, key: string, value: unknown): Promise<void> => {
      expectUserData(flow, await operateCall(flow, callId, body, (call) => valueAt(call, `/userData/${key}`) === value), key, value);
    };
    await userData({ operationName: 'AttachUserData', userData: { GwscheckCase: '42', GwscheckTopic: 'contract' } }, 'GwscheckCase', '42');
    await userData({ operationName: 'UpdateUserData', userData: [{ key: 'GwscheckCase', type: 'str', value: '43' }] }, 'GwscheckCase', '43');
    await userData({ operationName: 'DeleteUserDataPair', key: 'GwscheckTopic' }, 'GwscheckTopic', undefined);
    await userData({ operationName: 'DeleteUserData' }, 'GwscheckCase', undefined);
    await operateCall(flow, callId, { operationName: 'SendDtmf', digits: '123' });
  });
});

test('post-me-calls-id: call recording starts, pauses, resumes and stops, each shown by CallRecordingStateChange and GET', { tags: [...TAGS, 'positive'] }, async ({ task, skip }) => {
  let unlicensed = false;
  await withCall(task, async (flow, callId) => {
    const call = (await readCalls(gate)).calls.find((c) => c['id'] === callId);
    const capabilities = call?.['capabilities'];
    // Recording is offered only where it is licensed [src: CallRecordingOperations].
    if (!Array.isArray(capabilities) || !capabilities.includes('StartCallRecording')) {
      unlicensed = true;
      return;
    }
    for (const operationName of ['StartCallRecording', 'PauseCallRecording', 'ResumeCallRecording', 'StopCallRecording']) {
      await operateCall(flow, callId, { operationName });
    }
  });
  if (unlicensed) skip('the established call does not offer StartCallRecording: recording is not licensed on this server');
});

test('post-me-calls-id: InitiateTransfer holds the call, CompleteTransfer releases the agent\'s calls', { tags: [...TAGS, 'positive'] }, async ({ task }) => {
  await withCall(task, async (flow, callId) => {
    await operateCall(flow, callId, { operationName: 'InitiateTransfer', destination: TEST_NUMBER });
    await consultationEstablished(flow, callId);
    await operateCall(flow, callId, { operationName: 'CompleteTransfer' });
    const left = await readCalls(gate);
    if (left.calls.length > 0) {
      gate.fail(task, control, ruleViolation('status-code', 'transfer', `GET /me/calls still shows ${left.calls.map((c) => `${String(c['id'])} ${String(c['state'])}`).join(', ')} after CompleteTransfer [src: CompleteTransfer]`), left.exchange);
    }
  });
});

test('post-me-calls-id: a conference is initiated and completed, then the call is transferred in a single step', { tags: [...TAGS, 'positive'] }, async ({ task }) => {
  await withCall(task, async (flow, callId) => {
    await operateCall(flow, callId, { operationName: 'InitiateConference', destination: TEST_NUMBER });
    await consultationEstablished(flow, callId);
    await operateCall(flow, callId, { operationName: 'CompleteConference' });
    await operateCall(flow, callId, { operationName: 'SingleStepTransfer', destination: TEST_NUMBER });
  });
});

test('post-me-calls-id: SetCallDisposition is announced as AttachedDataChanged with the disposition under its key, and acknowledged on the released call', { tags: [...TAGS, 'positive'] }, async ({ task }) => {
  await withCall(task, async (flow, callId) => {
    const call = (await readCalls(gate)).calls.find((c) => c['id'] === callId);
    const uri = call?.['uri'];
    const uuid = call?.['callUuid'];
    // The sample names the call again by callUri and callUuid [src: CallsSetCallDisposition 8.5.2].
    const disposition = {
      operationName: 'SetCallDisposition', ...(typeof uri === 'string' ? { callUri: uri } : {}), ...(typeof uuid === 'string' ? { callUuid: uuid } : {}),
      disposition: 'Referred', dispositionKey: 'GwscheckDisposition',
    };
    await operateCall(flow, callId, disposition);
    await operateCall(flow, callId, { operationName: 'Hangup' });
    // A released call's disposition goes to reporting, with no notification [src: CallsSetCallDisposition 8.5.2].
    await sendAcknowledged(flow, { method: 'POST', path: `/me/calls/${encodeURIComponent(callId)}`, body: disposition });
  });
});

test('post-me-calls-id: RemoveParticipantFromConference takes the supervisor out of a conference, announced as ParticipantsUpdated', { tags: [...TAGS, 'positive'] }, async ({ task, skip }) => {
  // A conference needs a party besides the test number that answers a consultation: the supervisor.
  const party = supervisorIdentity(gate);
  if (party === undefined) return skip(`no party to conference in besides the test number: ${NO_SUPERVISOR_REASON}`);
  const busy = await supervisorBusy(party);
  if (busy !== undefined) return skip(busy);
  await withCall(task, async (flow, callId) => {
    await withSupervisorRestored(gate, task, party, async () => {
      const participant = await conferenceWith(flow, callId, party);
      const gone = (call: Json | undefined): boolean => !((call?.['participants'] as Json[] | undefined) ?? []).some((p) => p['phoneNumber'] === participant);
      expectParticipantGone(flow, await operateCall(flow, callId, { operationName: 'RemoveParticipantFromConference', participant }, gone), participant);
    });
  });
});

/** The consultation call InitiateTransfer/InitiateConference made is answered by the test number [src: InitiateTransfer latest]. */
async function consultationEstablished(flow: CallFlow, firstCallId: string): Promise<void> {
  const started = performance.now();
  for (;;) {
    const read = await readCalls(gate);
    if (read.calls.some((c) => c['id'] !== firstCallId && c['state'] === 'Established')) return;
    if (performance.now() - started > deadline) {
      flow.gate.fail(flow.task, flow.operation, ruleViolation('status-code', 'consultation', `no established consultation call beside ${firstCallId} ${deadline} ms after it was initiated (GET /me/calls shows ${read.calls.map((c) => `${String(c['id'])} ${String(c['state'])}`).join(', ') || 'none'})`), read.exchange);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('post-me-calls-id: operations the call\'s state does not offer are refused with statusCode 2, an unknown call with 6', { tags: ['call', 'negative', 'changes-state'] }, async ({ task }) => {
  await withCall(task, async (flow, callId) => {
    const on = (id: string, operationName: string) => ({ method: 'POST' as const, path: `/me/calls/${encodeURIComponent(id)}`, body: { operationName } });
    // Answer on a call that is not ringing, Retrieve on a call not held [src: RV852 table: 2, not valid for the current state].
    await sendRefused(flow, on(callId, 'Answer'), [2]);
    await sendRefused(flow, on(callId, 'Retrieve'), [2]);
    await operateCall(flow, callId, { operationName: 'Hangup' });
    await sendRefused(flow, on(callId, 'Hold'), [2]);
    await sendRefused(flow, on('gwscheck-no-such-call', 'Hold'), [6]);
  });
});

test('post-me-devices-id-calls: Dial without a destination is refused with statusCode 1, from a device not the agent\'s with 6', { tags: ['call', 'negative', 'changes-state'] }, async ({ task }) => {
  await withCallsRestored(gate, task, async () => {
    const flow = await openCallFlow(gate, task, dial);
    try {
      await sendRefused(flow, { method: 'POST', path: `/me/devices/${encodeURIComponent(flow.deviceId)}/calls`, body: { operationName: 'Dial' } }, [1]);
      await sendRefused(flow, { method: 'POST', path: '/me/devices/gwscheck-no-such-device/calls', body: { operationName: 'Dial', destination: TEST_NUMBER } }, [6]);
    } finally {
      await flow.close();
    }
  });
});

/**
 * Rings an inbound call on the agent's device through the simulator's control API, direct or
 * delivered through `queue`; undefined when the target has none.
 */
function ringThroughControl(queue?: string): Promise<string | undefined> {
  return deliverThroughSimulator(gate, 'calls', 'callId', { user: gate.context.target.user.username, from: '+15550100', ...(queue === undefined ? {} : { queue }) });
}

/**
 * Sees Reject refused on the ringing direct call ("you can't reject direct calls" [src:
 * CallsReject]), answers it, sees a second Answer refused, and hangs it up [src: CallsMessageType; RV852 table: 2].
 */
async function answerAndHangUp(flow: CallFlow, callId: string): Promise<void> {
  await sendRefused(flow, { method: 'POST', path: `/me/calls/${encodeURIComponent(callId)}`, body: { operationName: 'Reject' } }, [2]);
  await operateCall(flow, callId, { operationName: 'Answer' });
  await sendRefused(flow, { method: 'POST', path: `/me/calls/${encodeURIComponent(callId)}`, body: { operationName: 'Answer' } }, [2]);
  await operateCall(flow, callId, { operationName: 'Hangup' });
}

test('post-me-calls-id: an inbound call rings, is answered and hung up; Reject on the ringing direct call and Answer on an established call are refused with 2', { tags: [...TAGS, 'positive'] }, async ({ task, skip }) => {
  // A configured supervisor rings the agent by dialling its device's number, which works on any
  // server; without one only the simulator's control API can ring it.
  const caller = supervisorIdentity(gate);
  const busy = caller === undefined ? undefined : await supervisorBusy(caller);
  if (busy !== undefined) return skip(busy);
  let noControl = false;
  await withCallsRestored(gate, task, async () => {
    const flow = await openCallFlow(gate, task, control);
    try {
      if (caller !== undefined) {
        await withSupervisorRestored(gate, task, caller, async () => {
          const sentAt = await dialAgentAsSupervisor(flow, dial, caller);
          const callId = await awaitRinging(flow, sentAt, `${caller.credentials.username} dialled the agent's device ${flow.deviceId}`);
          await answerAndHangUp(flow, callId);
        });
        return;
      }
      const sentAt = performance.now();
      const callId = await ringThroughControl();
      if (callId === undefined) {
        noControl = true;
        return;
      }
      await expectOutcome(flow, callCheck(flow, callId, RINGING, `an inbound call ringing on device ${flow.deviceId}`), sentAt);
      await answerAndHangUp(flow, callId);
    } finally {
      await flow.close();
    }
  });
  if (noControl) skip(`nothing can ring the agent: ${NO_SUPERVISOR_REASON}, and the target has no simulator control API`);
});

/** The queue the control API delivers through: the number the CallsReject sample's call came from (dnis 9000). */
const QUEUE = '9000';

test('post-me-calls-id: a call delivered through a queue offers Reject; rejected, it is Released with no capabilities', { tags: [...TAGS, 'positive'] }, async ({ task, skip }) => {
  // Only a queue can deliver a call that may be rejected [src: CallsReject]; no GWS operation
  // routes one, so only the simulator's control API can.
  let noControl = false;
  await withCallsRestored(gate, task, async () => {
    const flow = await openCallFlow(gate, task, control);
    try {
      const sentAt = performance.now();
      const callId = await ringThroughControl(QUEUE);
      if (callId === undefined) {
        noControl = true;
        return;
      }
      const ringing = await expectOutcome(flow, callCheck(flow, callId, RINGING, `a call delivered through queue ${QUEUE} ringing on device ${flow.deviceId}`), sentAt);
      const capabilities = ringing?.['capabilities'];
      if (!Array.isArray(capabilities) || !capabilities.includes('Reject')) {
        gate.fail(task, control, ruleViolation('schema', 'capabilities', `the ringing call delivered through queue ${QUEUE} offers ${JSON.stringify(capabilities)}: it must offer Reject [src: CallsReject]`, '/call/capabilities'));
      }
      await operateCall(flow, callId, { operationName: 'Reject' });
    } finally {
      await flow.close();
    }
  });
  if (noControl) skip('nothing can deliver a call through a queue to the agent: the target has no simulator control API, and a direct call cannot be rejected [src: CallsReject]');
});

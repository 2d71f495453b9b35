import type { TestContext } from 'vitest';
import { expandPath, type Operation } from '../../contracts/index.ts';
import { CALL_OUTCOMES, DEVICE_OUTCOMES, EXAMPLE_TEST_NUMBER, NEEDS_CALL, outcomeOfRequest, type ExpectedOutcome } from '../../contracts/outcomes.ts';
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import { callCheck, deviceCheck, newCallCheck, openCallFlow, readCalls, type CallFlow } from './call-flow.ts';
import { asJson, expectOutcome, sendAcknowledged } from './interaction-flow.ts';

type Test = TestContext['task'];

function outcomeOf(operationName: string): ExpectedOutcome {
  const outcome = CALL_OUTCOMES[operationName];
  if (outcome === undefined) throw new Error(`no expected outcome for ${operationName}`);
  return outcome;
}

/**
 * Dials the test number from the agent's device [src: CallsDial 8.5.2]: acknowledged with exactly
 * {"statusCode":0}, then a StatusChange Dialing for a call GET /me/calls lists, then Established
 * when the test number answers. Returns the call id. The flow's operation is the one judged.
 */
export async function dialTestNumber(flow: CallFlow): Promise<string> {
  const { gate, task, operation } = flow;
  const body = { operationName: 'Dial', destination: { phoneNumber: EXAMPLE_TEST_NUMBER } };
  const sentAt = await sendAcknowledged(flow, { method: 'POST', path: `/me/devices/${encodeURIComponent(flow.deviceId)}/calls`, body });
  let announced: string | undefined;
  if (flow.session === undefined) {
    const seen = await eventually(() => readCalls(gate), (r) => r.calls.length > 0, { deadlineMs: gate.context.asyncDeadlineMs });
    announced = seen.ok ? String(seen.last.calls[0]?.['id']) : undefined;
    if (announced === undefined) return gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `GET /me/calls shows no call ${gate.context.asyncDeadlineMs} ms after Dial ${EXAMPLE_TEST_NUMBER} was acknowledged`), seen.last.exchange);
  } else {
    const dialing = newCallCheck(flow, outcomeOf('Dial'), `Dial ${EXAMPLE_TEST_NUMBER}`, 'Dialing');
    // The call the message names must be one GET /me/calls lists (it may be answered already).
    await expectOutcome(flow, { ...dialing, readShows: (item) => item !== undefined }, sentAt);
    announced = dialing.callId();
  }
  const callId = announced ?? '';
  await expectOutcome(flow, callCheck(flow, callId, outcomeOf('Answer'), `Dial ${EXAMPLE_TEST_NUMBER} (the test number answers by itself)`), sentAt);
  return callId;
}

/**
 * Sends a call operation and requires the outcome CALL_OUTCOMES names for it, with the attribute
 * the request names (a disposition under its dispositionKey); the call as GET then shows it.
 */
export async function operateCall(
  flow: CallFlow,
  callId: string,
  body: Readonly<Record<string, unknown>>,
  pollUntil?: (call: Readonly<Record<string, unknown>> | undefined) => boolean,
): Promise<Readonly<Record<string, unknown>> | undefined> {
  const name = String(body['operationName']);
  const sentAt = await sendAcknowledged(flow, { method: 'POST', path: `/me/calls/${encodeURIComponent(callId)}`, body });
  const check = callCheck(flow, callId, outcomeOfRequest(outcomeOf(name), body), `${name} on call ${callId}`);
  // `pollUntil`: without CometD, what the GET shows once the change applied, for an outcome whose message names no attribute.
  return expectOutcome(flow, pollUntil === undefined ? check : { ...check, pollUntil }, sentAt);
}

/** Sends a device operation and requires the device to show its outcome through the notification and GET [src: DevicesAttribs]; the device as GET then shows it. */
export async function operateDevice(flow: CallFlow, body: Readonly<Record<string, unknown>>): Promise<Readonly<Record<string, unknown>> | undefined> {
  const name = String(body['operationName']);
  const outcome = DEVICE_OUTCOMES[name];
  if (outcome === undefined) throw new Error(`no expected outcome for device operation ${name}`);
  const shown = outcome.shows?.value;
  const value = shown === undefined || shown === null ? null : typeof shown === 'string' ? shown : String(body[shown.fromRequest]);
  const sentAt = await sendAcknowledged(flow, { method: 'POST', path: `/me/devices/${encodeURIComponent(flow.deviceId)}`, body });
  return expectOutcome(flow, deviceCheck(flow, outcome, `${name} on device ${flow.deviceId}`, value), sentAt);
}

/**
 * A catalog example of a call or device operation, sent and awaited to its outcome, so that the
 * restore after it finds what it made (a call, DND on) rather than a change still in flight.
 */
export async function runCallExample(gate: Gate, task: Test, operation: Operation): Promise<void> {
  const flow = await openCallFlow(gate, task, operation.path === '/me/devices/{id}/calls' ? operation : gate.operation('post-me-devices-id-calls'));
  try {
    const body = asJson(operation.example.body) ?? {};
    if (operation.path === '/me/devices/{id}/calls') await dialTestNumber(flow);
    else if (operation.tags.includes(NEEDS_CALL)) await operateCall({ ...flow, operation }, await dialTestNumber(flow), body);
    else if (expandPath(operation, { id: flow.deviceId }) === `/me/devices/${flow.deviceId}`) await operateDevice({ ...flow, operation }, body);
    else throw new Error(`${operation.id} is not a call or device operation`);
  } finally {
    await flow.close();
  }
}

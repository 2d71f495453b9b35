import { operateCall } from './call-dial.ts';
import { readCalls, type CallFlow, type FlowIdentity } from './call-flow.ts';
import { asJson, listOf, sendAcknowledged } from './interaction-flow.ts';
import { eventually } from './eventually.ts';
import { ruleViolation } from './harness.ts';
import type { Exchange } from './http.ts';

type Json = Readonly<Record<string, unknown>>;

/** The calls of another identity (the supervisor) as its GET /me/calls?fields=* shows them. */
async function callsOf(party: FlowIdentity): Promise<{ readonly exchange: Exchange; readonly calls: readonly Json[] }> {
  const exchange = await party.session.send({ method: 'GET', path: '/me/calls', query: { fields: '*' } });
  return { exchange, calls: listOf(asJson(exchange.response.body)?.['calls']) };
}

const listed = (calls: readonly Json[]) => calls.map((c) => `${String(c['id'])} ${String(c['state'])}`).join(', ') || 'none';

/**
 * Makes the agent's established call a conference with `party` (the supervisor): InitiateConference
 * to the number of the party's device holds the call and consults it, the party answers as itself,
 * CompleteConference joins the two [src: InitiateConference, CallsDial 8.5.2]. Each agent operation
 * is held to its CALL_OUTCOMES outcome; the party's Answer must be acknowledged. Returns the
 * party's number, as the conference's `participants` list it.
 */
export async function conferenceWith(flow: CallFlow, callId: string, party: FlowIdentity): Promise<string> {
  const { gate, task, operation } = flow;
  const deadlineMs = gate.context.asyncDeadlineMs;
  const devices = await party.session.send({ method: 'GET', path: '/me/devices', query: { fields: '*' } });
  const phoneNumber = listOf(asJson(devices.response.body)?.['devices'])[0]?.['phoneNumber'];
  if (typeof phoneNumber !== 'string' || phoneNumber === '') {
    return gate.fail(task, operation, ruleViolation('status-code', 'device', `GET /me/devices?fields=* as ${party.credentials.username} shows no device phoneNumber to conference in [src: DevicesAttribs]`), devices);
  }
  await operateCall(flow, callId, { operationName: 'InitiateConference', destination: { phoneNumber } });
  const ringing = await eventually(() => callsOf(party), (r) => r.calls.some((c) => c['state'] === 'Ringing'), { deadlineMs });
  const consulted = ringing.last.calls.find((c) => c['state'] === 'Ringing');
  if (!ringing.ok || consulted === undefined) {
    return gate.fail(task, operation, ruleViolation('status-code', 'consultation', `${party.credentials.username}'s device ${phoneNumber} shows no Ringing call ${deadlineMs} ms after InitiateConference on call ${callId} (GET /me/calls shows ${listed(ringing.last.calls)}) [src: InitiateConference]`), ringing.last.exchange);
  }
  await sendAcknowledged(flow, { method: 'POST', path: `/me/calls/${encodeURIComponent(String(consulted['id']))}`, body: { operationName: 'Answer' } }, party.session);
  const answered = await eventually(() => readCalls(gate), (r) => r.calls.some((c) => c['id'] !== callId && c['state'] === 'Established'), { deadlineMs });
  if (!answered.ok) {
    return gate.fail(task, operation, ruleViolation('status-code', 'consultation', `no established consultation call beside ${callId} ${deadlineMs} ms after ${party.credentials.username} answered it (GET /me/calls shows ${listed(answered.last.calls)})`), answered.last.exchange);
  }
  await operateCall(flow, callId, { operationName: 'CompleteConference' });
  return phoneNumber;
}

/** The conference call as GET shows it after RemoveParticipantFromConference: the party is gone from `participants` [src: RemoveParticipantFromConference]. */
export function expectParticipantGone(flow: CallFlow, call: Json | undefined, phoneNumber: string): void {
  const participants = listOf(call?.['participants']);
  if (call === undefined || participants.some((p) => p['phoneNumber'] === phoneNumber)) {
    const shown = participants.map((p) => String(p['phoneNumber'])).join(', ') || 'none';
    flow.gate.fail(flow.task, flow.operation, ruleViolation('status-code', 'participants', `after ParticipantsUpdated GET still shows participant ${phoneNumber} on call ${String(call?.['id'])} (participants: ${shown}) [src: RemoveParticipantFromConference]`, '/call/participants'));
  }
}

// Asynchronous contracts: an operation only hands the request to T-Server and answers exactly
// {"statusCode":0}; the state it asks for shows later [src: MAR, COMETD, READY, NOTREADY, ACW, AUX],
// announced by a DeviceStateChangeMessage on /v2/me/devices. Where the server has no CometD
// endpoint the state is polled instead (the notification contracts say so once).
import { test } from 'vitest';
import {
  VOICE_OPERATIONS,
  awaitVoice,
  expectAnnounced,
  moveVoiceTo,
  openWatches,
  ruleViolation,
  sendChannelOperation,
  useGate,
  withAgentRestored,
} from '../src/gate/kit/index.ts';

const gate = useGate();
const deadline = gate.context.asyncDeadlineMs;

const operation = gate.operation('post-me-channels-voice');
for (const name of VOICE_OPERATIONS) {
  test(`post-me-channels-voice: ${name} answers exactly {"statusCode":0} and shows within ${deadline} ms`, { tags: ['async', 'changes-state'] }, async ({ task }) => {
    await withAgentRestored(gate, task, async () => {
      // Start from a different state, so that "nothing happened" cannot pass.
      const before = name === 'NotReady' ? 'Ready' : 'NotReady';
      try {
        await moveVoiceTo(gate, before);
      } catch (error) {
        gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `could not first move the agent to ${before}: ${error instanceof Error ? error.message : String(error)}`));
      }
      // Subscribe first: a notification sent before the subscription would be lost.
      const watching = await openWatches(gate);
      if (watching.kind === 'failed') gate.fail(task, operation, watching.violation);
      const watches = watching.kind === 'watching' ? watching.watches : undefined;
      try {
        const sentAt = performance.now();
        const exchange = await sendChannelOperation(gate, 'voice', name);
        const exact = exchange.response.rawBody !== '' && JSON.stringify(exchange.response.body) === '{"statusCode":0}';
        gate.expect(task, operation, exchange, {
          extra: exact ? [] : [ruleViolation('envelope', 'operation-ack', `the answer is ${exchange.response.rawBody.slice(0, 200)}, not exactly {"statusCode":0} [src: ${name === 'Ready' ? 'READY' : name === 'NotReady' ? 'NOTREADY' : name === 'AfterCallWork' ? 'ACW' : 'AUX'}]`)],
        });
        if (watches !== undefined) {
          await expectAnnounced(gate, task, operation, watches, name, sentAt);
          return;
        }
        const seen = await awaitVoice(gate, (label) => label === name);
        if (!seen.ok) {
          gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `voice state is ${seen.last.label}, not ${name}, ${deadline} ms after ${name} was acknowledged`, '/devices/0/userState'), seen.last.exchange);
        }
      } finally {
        await watches?.close();
      }
    });
  });
}

type Json = Readonly<Record<string, unknown>>;
const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)) : []);
/** The system-defined agent-state operations; the settings' other agent states are the server's own [src: READY, NOTREADY, ACW, AUX, AgentStateOffline]. */
const SYSTEM_DEFINED = new Set(['Ready', 'NotReady', 'AfterCallWork', 'AuxWork', 'Offline']);

// The agent states a desktop offers come from the settings [src: CODE-IOS reads GET
// /settings/agent-states and posts an item's operationName to /me/channels/<channel>]; neither the
// item's attributes nor the operation a Not Ready reason takes are in the docs read, so this
// contract is a warning unless --strict (tag unconfirmed).
test(`post-me-channels-voice: each Not Ready reason GET /settings/agent-states lists is accepted and shows NotReady within ${deadline} ms`, { tags: ['async', 'changes-state', 'unconfirmed'] }, async ({ task, skip }) => {
  const settings = await gate.user.send({ method: 'GET', path: '/settings/agent-states' });
  const body = settings.response.body as Json | undefined;
  const reasons = listOf(body?.['settings']).filter((item) => typeof item['operationName'] === 'string' && !SYSTEM_DEFINED.has(item['operationName']) && item['state'] === 'NotReady');
  if (body?.['statusCode'] !== 0 || reasons.length === 0) return skip(`the server lists no Not Ready reason (GET /settings/agent-states answered ${settings.response.rawBody.slice(0, 120)})`);
  await withAgentRestored(gate, task, async () => {
    for (const reason of reasons.slice(0, 3)) {
      const name = String(reason['operationName']);
      // From Ready, so that the reason's NotReady is a change that shows.
      await moveVoiceTo(gate, 'Ready');
      const exchange = await sendChannelOperation(gate, 'voice', name);
      const exact = exchange.response.rawBody !== '' && JSON.stringify(exchange.response.body) === '{"statusCode":0}';
      gate.expect(task, operation, exchange, { extra: exact ? [] : [ruleViolation('envelope', 'operation-ack', `the Not Ready reason ${name} was answered ${exchange.response.rawBody.slice(0, 200)}, not exactly {"statusCode":0}`)] });
      const seen = await awaitVoice(gate, (label) => label === 'NotReady');
      if (!seen.ok) {
        gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `voice state is ${seen.last.label}, not NotReady, ${deadline} ms after the Not Ready reason ${name} was acknowledged`, '/devices/0/userState'), seen.last.exchange);
      }
    }
  });
});

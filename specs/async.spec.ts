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

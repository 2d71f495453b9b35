// Negative contracts: bad input is refused with the documented statusCode and an error envelope
// [src: RV852 table; project decisions for the codes the docs leave open].
import { test } from 'vitest';
import { eventually, moveAgentTo, readVoice, ruleViolation, useGate, withAgentRestored } from '../src/gate/kit/index.ts';

const gate = useGate();
const NON_ZERO = Array.from({ length: 20 }, (_, i) => i + 1);

for (const id of ['post-me', 'post-me-channels-voice']) {
  const operation = gate.operation(id);
  test(`${id}: a missing operationName is refused with statusCode 1`, { tags: ['negative'] }, async ({ task }) => {
    await withAgentRestored(gate, task, async () => {
      gate.expect(task, operation, await gate.user.send({ method: 'POST', path: operation.path, body: {} }), { expectStatusCodes: [1] });
    });
  });
  test(`${id}: an unknown operationName is refused with statusCode 2`, { tags: ['negative'] }, async ({ task }) => {
    await withAgentRestored(gate, task, async () => {
      const body = { operationName: 'GwscheckNoSuchOperation' };
      gate.expect(task, operation, await gate.user.send({ method: 'POST', path: operation.path, body }), { expectStatusCodes: [2] });
    });
  });
  test(`${id}: a body that is not JSON is refused with an error envelope`, { tags: ['negative'] }, async ({ task }) => {
    await withAgentRestored(gate, task, async () => {
      const exchange = await gate.user.send({ method: 'POST', path: operation.path, rawBody: '{"operationName": NotReady' });
      gate.expect(task, operation, exchange, { expectStatusCodes: NON_ZERO });
    });
  });
}

test('post-me-channels-voice: an operation invalid in the current state is refused with statusCode 2 and changes nothing', { tags: ['negative', 'changes-state'] }, async ({ task }) => {
  const operation = gate.operation('post-me-channels-voice');
  await withAgentRestored(gate, task, async (start) => {
    // Logged out, no agent-state operation is valid on voice [src: SCCS, READY].
    await moveAgentTo(gate, new Map([...start].map(([channel]) => [channel, 'LoggedOut'])));
    const exchange = await gate.user.send({ method: 'POST', path: '/me/channels/voice', body: { operationName: 'Ready' } });
    gate.expect(task, operation, exchange, { expectStatusCodes: [2] });
    // An error means the contact-center data was not modified [src: RV852]: watch for a change briefly.
    const changed = await eventually(() => readVoice(gate), (o) => o.label !== 'LoggedOut', { deadlineMs: Math.min(1000, gate.context.asyncDeadlineMs) });
    if (changed.ok) {
      gate.fail(task, operation, ruleViolation('status-code', 'state-unchanged', `voice state became ${changed.last.label} after a refused Ready`), changed.last.exchange);
    }
  });
});

test('get-me: a request URL over 2000 characters is not a success', { tags: ['negative', 'read-only', 'stateful'] }, async ({ task }) => {
  const operation = gate.operation('get-me');
  // The full URL must not exceed 2000 characters [src: MAR]; what the server answers is undocumented.
  const padding = 'x'.repeat(2001 - gate.context.target.baseUrl.length);
  const exchange = await gate.user.send({ method: 'GET', path: '/me', query: { fields: `id,${padding}` } });
  const body = exchange.response.body as { statusCode?: unknown } | undefined;
  if (exchange.response.httpStatus === 200 && body?.statusCode === 0) {
    gate.fail(task, operation, ruleViolation('status-code', 'url-length', `a ${exchange.request.path.length + gate.context.target.baseUrl.length}-character URL was answered with success`), exchange);
  }
  task.meta.gate = { operation: operation.id, violations: [], latencyMs: exchange.response.durationMs };
});

// Supervisor contracts: a supervisor (or an admin) sets an agent's channel Ready, NotReady or
// Offline; the agent's ChannelStateChangeMessageV2 on /v2/me/channels and GET /me/channels show it
// [src: AgentStateControlReady/NotReady/Offline]. An agent is refused [src: RV852 table: 3 or 5].
import { test } from 'vitest';
import { SUPERVISOR_OUTCOMES, type ExpectedOutcome } from '../src/contracts/index.ts';
import { LOGGED_OUT, NO_ADMIN_REASON, moveAgentTo, useGate, withAgentRestored } from '../src/gate/kit.ts';
import { channelCheck, expectOutcome, openCallFlow, sendAcknowledged, sendRefused } from '../src/gate/call-kit.ts';

const gate = useGate();
const operation = gate.operation('post-users-id-channels-channel');
const deadline = gate.context.asyncDeadlineMs;

async function agentId(): Promise<string> {
  const me = await gate.user.send({ method: 'GET', path: '/me' });
  const id = (me.response.body as { user?: { id?: unknown } } | undefined)?.user?.id;
  return typeof id === 'string' ? id : '';
}

test(`post-users-id-channels-channel: a supervisor sets the agent Ready, NotReady and Offline on voice, shown to the agent within ${deadline} ms`, { tags: ['supervisor', 'admin', 'async', 'changes-state', 'positive'] }, async ({ task, skip }) => {
  const supervisor = gate.admin;
  if (supervisor === undefined) return skip(NO_ADMIN_REASON);
  await withAgentRestored(gate, task, async (start) => {
    if (start.get('voice') === LOGGED_OUT) await moveAgentTo(gate, new Map([...start, ['voice', 'NotReady']]));
    const id = await agentId();
    const flow = await openCallFlow(gate, task, operation);
    try {
      for (const operationName of ['Ready', 'NotReady', 'Offline']) {
        const sentAt = await sendAcknowledged(flow, { method: 'POST', path: `/users/${encodeURIComponent(id)}/channels/voice`, body: { operationName } }, supervisor);
        await expectOutcome(flow, channelCheck(flow, SUPERVISOR_OUTCOMES[operationName] as ExpectedOutcome, `${operationName} on the agent's voice channel by ${gate.context.target.admin?.username ?? 'the admin'}`, 'voice'), sentAt);
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

test('get-users-id-skills-skillid: an unknown skill of a user is refused with statusCode 6', { tags: ['admin', 'negative', 'read-only'] }, async ({ task, skip }) => {
  if (gate.admin === undefined) return skip(NO_ADMIN_REASON);
  const read = gate.operation('get-users-id-skills-skillid');
  const exchange = await gate.admin.send({ method: 'GET', path: `/users/${encodeURIComponent(await agentId())}/skills/00000000-0000-4000-8000-000000000000` });
  gate.expect(task, read, exchange, { expectStatusCodes: [6] });
});

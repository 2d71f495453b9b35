// Chat contracts: a chat a customer starts is offered to the agent whose chat channel is Ready; every
// operation answers {"statusCode":0} and its outcome arrives on /v2/me/chats as a
// ChatStateChangeMessage or MessageLogUpdated carrying the request's referenceId, which a GET then
// agrees with [src: ChatAccept, ChatSend, ChatComplete, ChatMessageType 8.5.2, CustomerChatRequestChat].
// Each contract closes every chat it opened and puts the agent's channels back, in a finally.
import { test } from 'vitest';
import { NO_CONTACT_CENTER_REASON, ruleViolation, useGate } from '../src/gate/kit/index.ts';
import { announcedReference, customerRequest, offerChat, openChatFlow, operateChat, readChats, sendRefused, valueAt, withChatsRestored } from '../src/gate/kit/chats.ts';

type Json = Readonly<Record<string, unknown>>;

const gate = useGate();
const operation = gate.operation('post-me-chats-id');
const deadline = gate.context.asyncDeadlineMs;
const TAGS = ['chat', 'multimedia', 'async', 'changes-state'];
/** Operations a Chatting chat offers its agent, as the ChatMessageType sample lists them [src: ChatMessageType 8.5.2]. */
const CHATTING_CAPABILITIES = ['SendMessage', 'Complete', 'Transfer'];

/** Why the chat contracts cannot run against this target, or undefined. */
async function cannotChat(): Promise<string | undefined> {
  if (gate.context.target.contactCenterId === undefined) return NO_CONTACT_CENTER_REASON;
  const channels = await gate.user.send({ method: 'GET', path: '/me/channels', query: { fields: '*' } });
  const list = (channels.response.body as { channels?: { channel?: unknown }[] } | undefined)?.channels ?? [];
  return list.some((c) => c.channel === 'chat') ? undefined : 'the test agent has no chat channel (GET /me/channels lists none)';
}

function transcriptEntries(body: unknown): Json[] {
  const messages = (body as { messages?: unknown } | undefined)?.messages;
  return Array.isArray(messages) ? (messages as Json[]) : [];
}

const highestIndex = (entries: readonly Json[]): number => Math.max(0, ...entries.map((e) => (typeof e['index'] === 'number' ? e['index'] : 0)));

test(`post-me-chats-id: a chat offered to the agent is accepted, answered and completed, each step shown within ${deadline} ms`, { tags: [...TAGS, 'positive'] }, async ({ task, skip }) => {
  const why = await cannotChat();
  if (why !== undefined) return skip(why);
  await withChatsRestored(gate, task, async () => {
    const flow = await openChatFlow(gate, task, operation);
    try {
      const id = await offerChat(flow);
      const accepted = await operateChat(flow, id, { operationName: 'Accept', nickname: 'gwscheck' });
      const types = ((accepted?.['participants'] as Json[] | undefined) ?? []).map((p) => p['type']);
      if (!types.includes('Agent') || !types.includes('Customer')) {
        gate.fail(task, operation, ruleViolation('schema', 'chat-participants', `after Accept the chat's participants are typed ${JSON.stringify(types)}, not an Agent and a Customer [src: ChatAccept]`, '/participants'));
      }
      const capabilities = (accepted?.['capabilities'] as unknown[] | undefined) ?? [];
      const missing = CHATTING_CAPABILITIES.filter((c) => !capabilities.includes(c));
      if (missing.length > 0) {
        gate.fail(task, operation, ruleViolation('schema', 'chat-capabilities', `a Chatting chat does not offer ${missing.join(', ')} (capabilities ${JSON.stringify(capabilities)}) [src: ChatMessageType 8.5.2]`, '/capabilities'));
      }

      const before = await gate.user.send({ method: 'GET', path: `/me/chats/${encodeURIComponent(id)}/messages` });
      const last = highestIndex(transcriptEntries(before.response.body));
      const text = `gwscheck says hello ${Date.now()}`;
      const entry = await operateChat(flow, id, { operationName: 'SendMessage', text });
      if (valueAt(entry, '/index') !== last + 1) {
        gate.fail(task, operation, ruleViolation('status-code', 'transcript-index', `the agent's message is entry ${JSON.stringify(valueAt(entry, '/index'))} of the transcript, not the next one (${last + 1}) [src: ChatResources latest: index rises]`, '/messages/index'));
      }
      const customer = await customerRequest(gate, { method: 'GET', path: `/chats/${encodeURIComponent(id)}/messages`, query: { index: '0' } });
      if (!transcriptEntries(customer.response.body).some((m) => m['text'] === text)) {
        gate.fail(task, gate.operation('get-chats-id-messages'), ruleViolation('status-code', 'transcript-delivered', `the customer's GetMessages does not show the agent's message "${text}" [src: CustomerChatGetMessages]`), customer);
      }

      await operateChat(flow, id, { operationName: 'Complete' });
      const { exchange, chats } = await readChats(gate);
      const still = chats.find((c) => c['id'] === id && c['state'] === 'Chatting');
      if (still !== undefined) gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `chat ${id} is still Chatting for the agent after Complete was announced`), exchange);
      // A notification's referenceId links it to the request that caused it: two requests cannot share one [src: ChatMessageType 8.5.2].
      const acceptedBy = announcedReference(flow, id, 'Chatting');
      if (acceptedBy !== undefined && acceptedBy === announcedReference(flow, id, 'Completed')) {
        gate.fail(task, operation, ruleViolation('status-code', 'notification-reference', `the StatusChange of Accept and that of Complete on chat ${id} both carry referenceId ${acceptedBy}, so neither names its own request [src: ChatMessageType 8.5.2]`, '/data/referenceId'));
      }
    } finally {
      await flow.close();
    }
  });
});

test(`post-me-chats-id: a chat offered to the agent and rejected is Completed for the agent within ${deadline} ms`, { tags: [...TAGS, 'positive'] }, async ({ task, skip }) => {
  const why = await cannotChat();
  if (why !== undefined) return skip(why);
  await withChatsRestored(gate, task, async () => {
    const flow = await openChatFlow(gate, task, operation);
    try {
      // Answered {"statusCode":0} like every operation, though the ChatReject page prints {"status":0} [src: ChatReject, RV852].
      await operateChat(flow, await offerChat(flow), { operationName: 'Reject' });
    } finally {
      await flow.close();
    }
  });
});

test('post-me-chats-id: Accept on an accepted chat and SendMessage on a completed one are refused with statusCode 2', { tags: [...TAGS, 'negative'] }, async ({ task, skip }) => {
  const why = await cannotChat();
  if (why !== undefined) return skip(why);
  await withChatsRestored(gate, task, async () => {
    const flow = await openChatFlow(gate, task, operation);
    try {
      const id = await offerChat(flow);
      const path = `/me/chats/${encodeURIComponent(id)}`;
      await operateChat(flow, id, { operationName: 'Accept', nickname: 'gwscheck' });
      // An operation the chat does not offer in its state: "a parameter is not valid for the current state" [src: RV852 table].
      await sendRefused(flow, { method: 'POST', path, body: { operationName: 'Accept', nickname: 'gwscheck' } }, [2]);
      await operateChat(flow, id, { operationName: 'Complete' });
      await sendRefused(flow, { method: 'POST', path, body: { operationName: 'SendMessage', text: 'too late' } }, [2]);
    } finally {
      await flow.close();
    }
  });
});

test('post-me-chats-id: an operation on a chat that does not exist is refused with statusCode 6', { tags: ['chat', 'multimedia', 'negative'] }, async ({ task }) => {
  const exchange = await gate.user.send({ method: 'POST', path: '/me/chats/gwscheck-no-such-chat', body: { operationName: 'SendMessage', text: 'anyone?' } });
  gate.expect(task, operation, exchange, { expectStatusCodes: [6] });
});

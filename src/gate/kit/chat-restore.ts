import type { TestContext } from 'vitest';
import type { AgentSnapshot } from '../../contracts/agent-state.ts';
import { expandPath, type Operation } from '../../contracts/index.ts';
import { NEEDS_CHAT } from '../../contracts/outcomes.ts';
import { moveAgentTo, withAgentRestored, withRestore } from './agent.ts';
import { openChats } from '../leftovers.ts';
import { completeAsCustomer, offerChat, openChatFlow, operateChat, readChats } from './chat-flow.ts';
import { sendExample } from './examples.ts';
import { eventually } from './eventually.ts';
import type { Gate } from './harness.ts';
import { asJson } from './interaction-flow.ts';

type Test = TestContext['task'];

/** Per gate: the chats customers requested during the run (RequestChat answers), whatever session sent them. */
const requested = new WeakMap<Gate, Set<string>>();

/** The chats requested through the gate's sessions, learnt from every RequestChat answer [src: CustomerChatRequestChat]. */
function requestedChats(gate: Gate): Set<string> {
  let ids = requested.get(gate);
  if (ids === undefined) {
    const known = new Set<string>();
    requested.set(gate, (ids = known));
    gate.onSend((request, outcome) => {
      if (request.method !== 'POST' || request.path !== '/chats' || outcome.kind !== 'answered') return;
      const id = asJson(outcome.body)?.['id'];
      if (typeof id === 'string' && id !== '') known.add(id);
    });
  }
  return ids;
}

/**
 * Takes every chat off the agent's hands (Reject while offered, Complete while Chatting), ends the
 * customer's side of every chat requested during the contract so none is left waiting to be
 * offered to a later one, and waits until the agent's chats show none open. Throws a one-line
 * error naming what is left.
 */
export async function closeChats(gate: Gate): Promise<void> {
  const { exchange } = await readChats(gate);
  await Promise.all(
    openChats(exchange.response.body).map(([id, operationName]) =>
      gate.user.send({ method: 'POST', path: `/me/chats/${encodeURIComponent(id)}`, body: { operationName } }).catch(() => undefined),
    ),
  );
  const customers = requestedChats(gate);
  await Promise.all([...customers].map((id) => completeAsCustomer(gate, id)));
  customers.clear();
  const deadlineMs = gate.context.asyncDeadlineMs;
  const done = await eventually(() => readChats(gate), (r) => openChats(r.exchange.response.body).length === 0, { deadlineMs });
  if (!done.ok) {
    const open = new Set(openChats(done.last.exchange.response.body).map(([id]) => id));
    const shown = done.last.chats.filter((c) => open.has(String(c['id']))).map((c) => `${String(c['id'])} ${String(c['state'])}`);
    throw new Error(`chats still open ${deadlineMs} ms after Reject or Complete: ${shown.join(', ')}`);
  }
}

/**
 * Runs a contract that works on chats with the agent's chat channel Ready (a chat is offered only
 * then [src: ChatAccept]), then closes every chat it left open and puts every channel back as it
 * was (withAgentRestored), also when the contract threw. Learns of chats customers request from
 * the start, so that the clean-up ends their side too.
 */
export async function withChatsRestored(gate: Gate, task: Test, body: (start: AgentSnapshot) => Promise<void>): Promise<void> {
  requestedChats(gate);
  await withAgentRestored(gate, task, async (start) => {
    // From any state, logged out included: moveAgentTo logs the channel in first.
    if (start.has('chat') && start.get('chat') !== 'Ready') await moveAgentTo(gate, new Map([...start, ['chat', 'Ready']]));
    await withRestore(gate, task, () => body(start), () => closeChats(gate), 'could not close the chats');
  });
}

/**
 * A catalog example of the Chat APIs, run with a chat of its own: a chat offered first where the
 * operation addresses one (its id in the path, never another chat the agent still lists), and an
 * operation on the agent's chat awaited to its outcome, so that the restore finds what it made.
 */
export async function runChatExample(gate: Gate, task: Test, operation: Operation): Promise<void> {
  const flow = await openChatFlow(gate, task, operation);
  try {
    const id = operation.tags.includes(NEEDS_CHAT) ? await offerChat(flow) : undefined;
    const body = asJson(operation.example.body) ?? {};
    if (id !== undefined && operation.method === 'POST' && operation.path === '/me/chats/{id}') {
      await operateChat(flow, id, body);
      return;
    }
    const path = id === undefined ? undefined : expandPath(operation, { id });
    const exchange = await sendExample(gate, operation, gate.sessionFor(operation.identity) ?? gate.user, path === undefined ? {} : { path });
    gate.expect(task, operation, exchange, { request: operation.example });
  } finally {
    await flow.close();
  }
}

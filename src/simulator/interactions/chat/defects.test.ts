import { describe, expect, it } from 'vitest';
import type { Published } from '../types.ts';
import { CHAT_DEFECTS, createChatModel, type ChatDefect, type ChatEvent } from './index.ts';

const A = 'a'.repeat(32);

/** A chat model whose scheduler runs on `flush()`, with the defects given. */
function harness(defects: readonly ChatDefect[] = []) {
  const queue: (() => void)[] = [];
  const published: Published<ChatEvent>[] = [];
  const model = createChatModel({
    roster: { readyChatAgents: () => [A], hasChatChannel: (userId) => userId === A },
    clock: { now: () => 1_389_261_492_035 },
    scheduler: { defer: (task) => queue.push(task) },
    publish: (p) => published.push(p),
    defects: { has: (defect) => defects.includes(defect) },
  });
  const flush = (): void => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) task();
  };
  const op = (id: string, body: Record<string, unknown>) => {
    const answer = model.operate(A, id, body);
    flush();
    return answer;
  };
  /** A chat offered to A; accepted unless `offered`. */
  const chat = (offered = false): string => {
    const id = model.open({ nickname: 'Chris', subject: 'Question' });
    flush();
    if (!offered) op(id, { operationName: 'Accept', nickname: 'Kristi' });
    return id;
  };
  const stateOf = (id: string) => model.chats(A).find((c) => c.id === id)?.state ?? 'Completed';
  const announced = () => published.flatMap((p) => (p.event.kind === 'chat' ? [p.event] : []));
  return { model, op, chat, stateOf, announced, published };
}

type Harness = ReturnType<typeof harness>;

/** The chat defects the model itself has (the others shape answers and notifications on the wire); each scenario is true when the defect shows. */
const broken: Readonly<Partial<Record<ChatDefect, (h: Harness) => boolean>>> = {
  'chat-accept-ignored': (h) => {
    const id = h.chat(true);
    return h.op(id, { operationName: 'Accept', nickname: 'Kristi' }).statusCode === 0 && h.stateOf(id) === 'Invited';
  },
  'chat-accept-misannounced': (h) => {
    const id = h.chat();
    return h.stateOf(id) === 'Chatting' && !h.announced().some((e) => e.notificationType === 'StatusChange' && e.chat.state === 'Chatting');
  },
  'chat-message-lost': (h) => {
    const id = h.chat();
    return h.op(id, { operationName: 'SendMessage', text: 'hello' }).statusCode === 0 && !(h.model.messages(A, id) ?? []).some((m) => m.text === 'hello');
  },
  'chat-index-repeats': (h) => {
    const id = h.chat();
    h.op(id, { operationName: 'SendMessage', text: 'hello' });
    return (h.model.messages(A, id) ?? []).map((m) => m.index).join() !== '1,2,3';
  },
  'chat-capabilities-missing-send': (h) => {
    const id = h.chat();
    return !(h.model.chats(A).find((c) => c.id === id)?.capabilities ?? []).includes('SendMessage') && h.op(id, { operationName: 'SendMessage', text: 'x' }).statusCode === 0;
  },
  'chat-complete-ignored': (h) => {
    const id = h.chat();
    return h.op(id, { operationName: 'Complete' }).statusCode === 0 && h.stateOf(id) === 'Chatting';
  },
  'chat-customer-misses-agent': (h) => {
    const id = h.chat();
    h.op(id, { operationName: 'SendMessage', text: 'hello' });
    return !(h.model.customerMessages(id, 0) ?? []).some((m) => m.text === 'hello');
  },
  'chat-unknown-id-accepted': (h) => h.op('no-such-chat', { operationName: 'SendMessage', text: 'x' }).statusCode === 0,
  'chat-never-offered': (h) => h.chat(true) !== '' && h.model.chats(A).length === 0,
  'chat-wrong-state-accepted': (h) => {
    const id = h.chat();
    return h.op(id, { operationName: 'Accept', nickname: 'Kristi' }).statusCode === 0;
  },
};

describe('the chat model\'s defects', () => {
  it.each(Object.keys(broken) as ChatDefect[])('%s shows only when switched on', (defect) => {
    const scenario = broken[defect];
    if (scenario === undefined) throw new Error(`no scenario for ${defect}`);
    expect(scenario(harness([defect]))).toBe(true);
    expect(scenario(harness())).toBe(false);
  });

  it('are chat defects, ten of them in the model', () => {
    expect(Object.keys(broken).length).toBeGreaterThanOrEqual(10);
    for (const defect of Object.keys(broken)) expect(CHAT_DEFECTS).toContain(defect);
  });
});

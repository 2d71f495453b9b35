import { describe, expect, it } from 'vitest';
import { createSyntheticChatMemory, forgetSettled, lateChats } from './chat-cleanup.ts';
import { LATE_EFFECT_WINDOW_MS } from './unsettled.ts';

const chat = (id: string) => ({ id, state: 'Invited', capabilities: ['Accept', 'Reject'], probeChat: true });

describe('lateChats and forgetSettled', () => {
  it('counts a chat an unanswered RequestChat explains as late_chat, once per RequestChat', () => {
    const memory = createSyntheticChatMemory();
    memory.requests.add('RequestChat', 1000);
    expect(lateChats(memory, [chat('a'), chat('b')])).toEqual(['late_chat']);
    expect(memory.requests.size).toBe(0);
  });

  it('does not count again a chat a run left open and counted, and forgets it once it is gone', () => {
    const memory = createSyntheticChatMemory();
    memory.leftOpen.add('a');
    memory.requests.add('RequestChat', 1000);
    expect(lateChats(memory, [chat('a')])).toEqual([]);
    // The RequestChat still explains a chat that comes later.
    expect(memory.requests.size).toBe(1);
    forgetSettled(memory, [chat('a')], 2000);
    expect(memory.leftOpen.has('a')).toBe(true);
    forgetSettled(memory, [], 3000);
    expect(memory.leftOpen.size).toBe(0);
  });

  it('a RequestChat is blamed only until the first read a whole window after it', () => {
    const memory = createSyntheticChatMemory();
    memory.requests.add('RequestChat', 0);
    forgetSettled(memory, [], LATE_EFFECT_WINDOW_MS - 1);
    expect(memory.requests.size).toBe(1);
    forgetSettled(memory, [], LATE_EFFECT_WINDOW_MS);
    expect(lateChats(memory, [chat('a')])).toEqual([]);
  });
});

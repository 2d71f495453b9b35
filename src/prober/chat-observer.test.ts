import { describe, expect, it } from 'vitest';
import { observedChat, PROBE_CHAT_MARK, saysText } from './chat-observer.ts';

describe('observedChat', () => {
  it('takes id, state and capabilities, and tells the probe\'s own chat by its user data [ChatResources latest]', () => {
    const raw = { id: '0000Sa9S00000001', state: 'Invited', capabilities: ['Accept', 'Reject', 7], uri: 'http://x/api/v2/chats/0000Sa9S00000001', userData: { [PROBE_CHAT_MARK.key]: PROBE_CHAT_MARK.value } };
    expect(observedChat(raw)).toEqual({ id: '0000Sa9S00000001', state: 'Invited', capabilities: ['Accept', 'Reject'], probeChat: true });
  });

  it('a chat without the mark, or with another value under its key, is not the probe\'s', () => {
    expect(observedChat({ id: 'c1', state: 'Chatting' })?.probeChat).toBe(false);
    expect(observedChat({ id: 'c1', state: 'Chatting', userData: { [PROBE_CHAT_MARK.key]: 'someone else' } })?.probeChat).toBe(false);
  });

  it('is undefined for something without an id or a state', () => {
    expect(observedChat({ state: 'Chatting' })).toBeUndefined();
    expect(observedChat({ id: 'c1' })).toBeUndefined();
    expect(observedChat([])).toBeUndefined();
    expect(observedChat(null)).toBeUndefined();
  });
});

describe('saysText', () => {
  it('matches a Text entry with exactly that text, nothing else [ChatSend latest]', () => {
    expect(saysText({ index: 3, type: 'Text', text: 'hello' }, 'hello')).toBe(true);
    expect(saysText({ index: 3, type: 'Text', text: 'hello!' }, 'hello')).toBe(false);
    expect(saysText({ index: 4, type: 'CustomNotice', text: 'hello' }, 'hello')).toBe(false);
    expect(saysText('hello', 'hello')).toBe(false);
  });
});

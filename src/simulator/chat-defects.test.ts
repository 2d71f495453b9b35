import { describe, expect, it } from 'vitest';
import { chatAnswer, chatNotificationDefects, untypedParticipants } from './chat-defects.ts';
import { ok } from './envelope.ts';
import type { ChatDefect } from './interactions/index.ts';

const defectSet = (...defects: ChatDefect[]) => ({ has: (defect: ChatDefect) => defects.includes(defect) });
const CHAT = { id: 'c1', state: 'Chatting', participants: [{ nickname: 'Kristi', type: 'Agent', participantId: '1' }] };
const accepted = (referenceId?: number) => ({ channel: '/v2/me/chats', data: { messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', ...(referenceId === undefined ? {} : { referenceId }), chat: CHAT } });

describe('the chat defects on the wire', () => {
  it('leave answers, notifications and chats alone when none is switched on', () => {
    expect(chatAnswer(ok(), 'Reject', defectSet()).body).toEqual({ statusCode: 0 });
    expect(chatNotificationDefects(() => defectSet())('u', accepted(4))).toEqual(accepted(4));
    expect(untypedParticipants(CHAT, defectSet())).toEqual(CHAT);
  });

  it('chat-reject-answers-status and chat-ack-extra-status reshape only acknowledgements', () => {
    expect(chatAnswer(ok(), 'Reject', defectSet('chat-reject-answers-status')).body).toEqual({ status: 0 });
    expect(chatAnswer(ok(), 'Accept', defectSet('chat-reject-answers-status')).body).toEqual({ statusCode: 0 });
    expect(chatAnswer(ok(), 'Accept', defectSet('chat-ack-extra-status')).body).toEqual({ statusCode: 0, status: 0 });
    const refused = { httpStatus: 400, body: { statusCode: 2, statusMessage: 'no' } };
    expect(chatAnswer(refused, 'Reject', defectSet('chat-reject-answers-status', 'chat-ack-extra-status'))).toBe(refused);
  });

  it('chat-notification-wrong-topic, chat-reference-stuck and chat-participant-untyped', () => {
    expect(chatNotificationDefects(() => defectSet('chat-notification-wrong-topic'))('u', accepted()).channel).toBe('/v2/me/calls');
    const stuck = chatNotificationDefects(() => defectSet('chat-reference-stuck'));
    expect([stuck('u', accepted(3)), stuck('u', accepted(4)), stuck('u', accepted()), stuck('v', accepted(9))].map((n) => n.data['referenceId'])).toEqual([3, 3, undefined, 9]);
    const untyped = chatNotificationDefects(() => defectSet('chat-participant-untyped'))('u', accepted(1));
    expect(untyped.data['chat']).toEqual({ ...CHAT, participants: [{ nickname: 'Kristi', participantId: '1' }] });
  });
});

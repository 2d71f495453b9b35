import { describe, expect, it } from 'vitest';
import { loadContracts } from '../contracts/index.ts';
import { chatOperations, decisive, type StepVerdict } from './chat-step.ts';

const request = { kind: 'timeout', error: 'no answer', timings: { connect: 0, tls: 0, processing: 0, transfer: 0, total: 1 } } as unknown as StepVerdict['request'];
const step = (outcome: StepVerdict['outcome'], ok = outcome === 'success'): StepVerdict => ({ outcome, ok, statusCode: null, violations: [], request });

describe('decisive', () => {
  it('is the first step that ended the run, before an earlier slow one', () => {
    expect(decisive([step('success'), step('slow'), step('message_timeout'), step('timeout')])?.outcome).toBe('message_timeout');
  });

  it('is the first slow step when nothing failed otherwise, else the first step', () => {
    expect(decisive([step('success'), step('slow'), step('slow')])?.outcome).toBe('slow');
    expect(decisive([step('success')])?.outcome).toBe('success');
    expect(decisive([])).toBeUndefined();
  });
});

describe('chatOperations', () => {
  it('takes the customer\'s and the agent\'s operations from the catalog, and the states Accept and Complete lead to', () => {
    const ops = chatOperations(loadContracts());
    expect([ops.requestChat.id, ops.customer.id, ops.agent.id, ops.channel.id]).toEqual(['post-chats', 'post-chats-id', 'post-me-chats-id', 'post-me-channels-chat']);
    expect([ops.chatting, ops.completed]).toEqual(['Chatting', 'Completed']);
  });
});

import { describe, expect, it } from 'vitest';
import { AGENT_STATES, USER_STATES, changeOf, nextStep, observedState, operationFor, operationsOn, stateAfter, stepOf, stepTookEffect, type AgentSnapshot } from './agent-state.ts';

const snapshot = (entries: Record<string, string>): AgentSnapshot => new Map(Object.entries(entries)) as AgentSnapshot;

describe('observedState', () => {
  it('reads every documented userState as its state', () => {
    for (const state of AGENT_STATES) expect(observedState(USER_STATES[state])).toBe(state);
  });

  it('reads the work states from workMode on NotReady, and ignores Ready\'s workmode', () => {
    expect(observedState({ state: 'NotReady', workMode: 'AfterCallWork' })).toBe('AfterCallWork');
    expect(observedState({ state: 'NotReady', workMode: 'AuxWork' })).toBe('AuxWork');
    expect(observedState({ state: 'NotReady', workMode: '' })).toBe('NotReady');
    expect(observedState({ state: 'Ready', workMode: 'ManualIn' })).toBe('Ready');
    expect(observedState({ state: 'LoggedOut' })).toBe('LoggedOut');
  });

  it('names what it does not know', () => {
    expect(observedState({ state: 'LoggedIn' })).toBe('unknown (LoggedIn)');
    expect(observedState({ state: 'NotReady', workMode: 'Lunch' })).toBe('unknown (NotReady, workMode Lunch)');
    expect(observedState({ state: 'x'.repeat(100) })).toBe(`unknown (${'x'.repeat(37)}...)`);
    for (const bad of [undefined, null, 'Ready', {}, { state: 3 }, { state: '' }]) expect(observedState(bad)).toBe('unknown');
  });
});

describe('operations and states', () => {
  it('voice takes the four work states and Offline; multimedia Ready, NotReady and Offline', () => {
    expect(operationsOn('voice')).toEqual(['Ready', 'NotReady', 'AfterCallWork', 'AuxWork', 'Offline']);
    expect(operationsOn('chat')).toEqual(['Ready', 'NotReady', 'Offline']);
  });

  it('each operation leads to one state, and operationFor finds it back per channel', () => {
    expect(stateAfter('Offline')).toBe('LoggedOut');
    expect(stateAfter('AuxWork')).toBe('AuxWork');
    for (const channel of ['voice', 'email']) {
      for (const operation of operationsOn(channel)) expect(operationFor(stateAfter(operation), channel)).toBe(operation);
    }
    expect(operationFor('AuxWork', 'chat')).toBeUndefined();
    expect(operationFor('unknown (LoggedIn)', 'voice')).toBeUndefined();
  });
});

describe('nextStep', () => {
  it('is done when every target channel shows its state, whatever the others show', () => {
    expect(nextStep(snapshot({ voice: 'Ready', chat: 'NotReady' }), snapshot({ voice: 'Ready' }))).toBe('done');
  });

  it('logs out through EndContactCenterSession, then in through StartContactCenterSession, then one operation per channel', () => {
    const target = snapshot({ voice: 'AuxWork', chat: 'LoggedOut' });
    expect(nextStep(snapshot({ voice: 'Ready', chat: 'Ready' }), target)).toEqual({ kind: 'EndContactCenterSession' });
    expect(nextStep(snapshot({ voice: 'LoggedOut', chat: 'LoggedOut' }), target)).toEqual({ kind: 'StartContactCenterSession', channels: ['voice'] });
    expect(nextStep(snapshot({ voice: 'NotReady', chat: 'LoggedOut' }), target)).toEqual({
      kind: 'operations',
      operations: [{ channel: 'voice', operation: 'AuxWork' }],
    });
  });

  it('refuses a target no operation leads to', () => {
    expect(nextStep(snapshot({ voice: 'Ready' }), snapshot({ voice: 'unknown (LoggedIn)' }))).toEqual({ unreachable: 'no operation leads to unknown (LoggedIn) on voice' });
    expect(nextStep(snapshot({ chat: 'Ready' }), snapshot({ chat: 'AuxWork' }))).toEqual({ unreachable: 'no operation leads to AuxWork on chat' });
  });
});

describe('stepOf and stepTookEffect', () => {
  it('recognises agent-state and session operations, and nothing else', () => {
    expect(stepOf('POST', '/me/channels/voice', { operationName: 'AfterCallWork' })).toEqual({ kind: 'operations', operations: [{ channel: 'voice', operation: 'AfterCallWork' }] });
    expect(stepOf('POST', '/me', { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'] })).toEqual({ kind: 'StartContactCenterSession', channels: ['voice', 'chat'] });
    expect(stepOf('POST', '/me', { operationName: 'EndContactCenterSession' })).toEqual({ kind: 'EndContactCenterSession' });
    expect(stepOf('POST', '/me/channels/chat', { operationName: 'AuxWork' })).toBeUndefined();
    expect(stepOf('POST', '/me/channels/voice', { operationName: 'GwscheckNoSuchOperation' })).toBeUndefined();
    expect(stepOf('GET', '/me/channels/voice', undefined)).toBeUndefined();
    expect(stepOf('POST', '/me/devices/x', { operationName: 'DoNotDisturbOn' })).toBeUndefined();
  });

  it('an accepted step took effect when a snapshot shows its outcome', () => {
    expect(stepTookEffect({ kind: 'EndContactCenterSession' }, snapshot({ voice: 'LoggedOut', chat: 'LoggedOut' }))).toBe(true);
    expect(stepTookEffect({ kind: 'EndContactCenterSession' }, snapshot({ voice: 'LoggedOut', chat: 'Ready' }))).toBe(false);
    expect(stepTookEffect({ kind: 'StartContactCenterSession', channels: ['voice'] }, snapshot({ voice: 'NotReady' }))).toBe(true);
    expect(stepTookEffect({ kind: 'StartContactCenterSession', channels: ['voice'] }, snapshot({ chat: 'NotReady' }))).toBe(false);
    expect(stepTookEffect({ kind: 'operations', operations: [{ channel: 'voice', operation: 'Offline' }] }, snapshot({ voice: 'LoggedOut' }))).toBe(true);
  });
});

describe('changeOf', () => {
  it("names whose state a request changes: the sender's own, or a user's by id", () => {
    expect(changeOf('POST', '/me/channels/voice', { operationName: 'Ready' })).toEqual({ step: { kind: 'operations', operations: [{ channel: 'voice', operation: 'Ready' }] }, subject: { kind: 'me' } });
    expect(changeOf('POST', '/users/a%20b/channels/voice', { operationName: 'Offline' })).toEqual({
      step: { kind: 'operations', operations: [{ channel: 'voice', operation: 'Offline' }] },
      subject: { kind: 'user', id: 'a b' },
    });
    expect(changeOf('POST', '/users/x/channels/chat', { operationName: 'AuxWork' })).toBeUndefined();
    expect(changeOf('GET', '/users/x/channels/voice', undefined)).toBeUndefined();
    expect(changeOf('POST', '/users/x/skills/y', { operationName: 'Ready' })).toBeUndefined();
  });
});

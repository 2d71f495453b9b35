import { describe, expect, it } from 'vitest';
import { AgentChanges } from './agent-changes.ts';

const DEADLINE_MS = 1000;
const AGENT = 'ksippo';

function ledger() {
  let now = 0;
  const changes = new AgentChanges(AGENT, () => DEADLINE_MS, () => now);
  return { changes, at: (ms: number) => void (now = ms) };
}

const voice = (operationName: string, path = '/me/channels/voice') => ({ method: 'POST', path, body: { operationName } });
const accepted = { kind: 'answered', statusCode: 0, body: { statusCode: 0 } } as const;

describe('AgentChanges', () => {
  it("keeps the agent's own change pending until a read shows it, and one another user sent not at all", () => {
    const { changes } = ledger();
    changes.sent({ sentAs: 'someone-else', ...voice('Ready') }, accepted);
    expect(changes.size).toBe(0);
    changes.sent({ sentAs: AGENT, ...voice('Ready') }, accepted);
    expect(changes.size).toBe(1);
    changes.observed(new Map([['voice', 'NotReady']]));
    expect(changes.size).toBe(1);
    changes.observed(new Map([['voice', 'Ready']]));
    expect(changes.size).toBe(0);
  });

  it('a refused change is not pending; one without an answer, or answered 7, is', () => {
    const { changes } = ledger();
    changes.sent({ sentAs: AGENT, ...voice('Ready') }, { kind: 'answered', statusCode: 2, body: { statusCode: 2 } });
    expect(changes.size).toBe(0);
    changes.sent({ sentAs: AGENT, ...voice('Ready') }, { kind: 'no-answer' });
    changes.sent({ sentAs: AGENT, ...voice('AuxWork') }, { kind: 'answered', statusCode: 7, body: { statusCode: 7 } });
    expect(changes.size).toBe(2);
  });

  it('a change past its deadline is taken as done', () => {
    const { changes, at } = ledger();
    changes.sent({ sentAs: AGENT, ...voice('Ready') }, accepted);
    expect(changes.remainingMs()).toBe(DEADLINE_MS);
    at(DEADLINE_MS + 1);
    expect(changes.size).toBe(0);
    expect(changes.remainingMs()).toBe(0);
  });

  it("a supervisor's change by user id is the agent's once the agent's id is known, and another user's is dropped", () => {
    const { changes } = ledger();
    changes.sent({ sentAs: 'lsupervisor', ...voice('NotReady', '/users/agent-1/channels/voice') }, accepted);
    changes.sent({ sentAs: 'lsupervisor', ...voice('Ready', '/users/agent-2/channels/voice') }, accepted);
    expect(changes.needsAgentId()).toBe(true);
    changes.learnAgentId('agent-1');
    expect(changes.needsAgentId()).toBe(false);
    expect(changes.size).toBe(1);
    changes.sent({ sentAs: 'admin', ...voice('Ready', '/users/agent-3/channels/voice') }, accepted);
    expect(changes.size).toBe(1);
  });

  it('tells a late announcement of an earlier change from the outcome of the operation sent after it', () => {
    const { changes, at } = ledger();
    at(100);
    changes.sent({ sentAs: 'admin', ...voice('NotReady', '/users/agent-1/channels/voice') }, accepted);
    changes.learnAgentId('agent-1');
    // Already NotReady: a read shows it done at once, while its announcement is still on its way.
    changes.observed(new Map([['voice', 'NotReady']]));
    expect(changes.size).toBe(0);
    const readySentAt = 200;
    expect(changes.mayBeLateAnnouncement('voice', 'NotReady', 600, readySentAt)).toBe(true);
    // Nothing before the operation asked for AuxWork, and nothing arrives later than a deadline after its change.
    expect(changes.mayBeLateAnnouncement('voice', 'AuxWork', 600, readySentAt)).toBe(false);
    expect(changes.mayBeLateAnnouncement('voice', 'NotReady', 100 + DEADLINE_MS + 1, readySentAt)).toBe(false);
    // A change sent after the operation is not an earlier one.
    expect(changes.mayBeLateAnnouncement('voice', 'NotReady', 600, 50)).toBe(false);
  });

  it('a log-out may be announced late as LoggedOut, a log-in as any logged-in state of its channels', () => {
    const { changes, at } = ledger();
    at(10);
    changes.sent({ sentAs: AGENT, method: 'POST', path: '/me', body: { operationName: 'EndContactCenterSession' } }, accepted);
    changes.sent({ sentAs: AGENT, method: 'POST', path: '/me', body: { operationName: 'StartContactCenterSession', channels: ['voice'] } }, accepted);
    expect(changes.mayBeLateAnnouncement('voice', 'LoggedOut', 20, 15)).toBe(true);
    expect(changes.mayBeLateAnnouncement('voice', 'NotReady', 20, 15)).toBe(true);
    expect(changes.mayBeLateAnnouncement('chat', 'NotReady', 20, 15)).toBe(false);
  });
});

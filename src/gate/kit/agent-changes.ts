import { changeOf, stateAfter, stepTookEffect, type AgentSnapshot, type ChangeSubject, type MoveStep, type ObservedState } from '../../contracts/agent-state.ts';
import type { ObservedSend, SendOutcome } from './http.ts';

/**
 * A change the agent was asked for whose outcome is not yet known: accepted but not yet observed,
 * or sent without an answer (it may still arrive and apply). It is done once a read shows its
 * outcome or its deadline passes; until then no read is taken as the agent's state.
 */
interface PendingChange {
  readonly step: MoveStep;
  readonly subject: ChangeSubject;
  /** Clock reading after which the change is taken as done. */
  readonly until: number;
}

/** A change as it was sent, kept a while so that a late announcement of it can be told apart. */
interface SentChange {
  readonly step: MoveStep;
  readonly subject: ChangeSubject;
  readonly sentAt: number;
}

/** Whether a change, once applied, may show `state` on `channel`. */
function mayShow(step: MoveStep, channel: string, state: ObservedState): boolean {
  switch (step.kind) {
    case 'EndContactCenterSession':
      return state === 'LoggedOut';
    case 'StartContactCenterSession':
      return step.channels.includes(channel) && state !== 'LoggedOut';
    case 'operations':
      return step.operations.some((o) => o.channel === channel && stateAfter(o.operation) === state);
  }
}

/**
 * Every change to the test agent's state that any identity of the gate asked for (the agent itself,
 * an admin or a supervisor acting on it by id), so that a contract starts only once the changes
 * before it are done: a change still in flight would otherwise land in the next contract and be
 * taken for that contract's outcome.
 */
export class AgentChanges {
  private readonly pending: PendingChange[] = [];
  private readonly log: SentChange[] = [];
  private agentId: string | undefined;

  constructor(
    private readonly agentUsername: string,
    private readonly deadlineMs: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Notes a request one of the gate's sessions sent. A refused change is not pending: an error
   * envelope means the contact-center data was not modified [src: RV852]; 7 (incomplete) may still
   * apply, and so may a request that got no answer or an answer that is not an envelope.
   */
  sent(request: ObservedSend, outcome: SendOutcome): void {
    const change = changeOf(request.method, request.path, request.body);
    if (change === undefined) return;
    if (change.subject.kind === 'me' && request.sentAs !== this.agentUsername) return;
    if (change.subject.kind === 'user' && this.agentId !== undefined && change.subject.id !== this.agentId) return;
    if (outcome.kind === 'answered' && typeof outcome.statusCode === 'number' && outcome.statusCode !== 0 && outcome.statusCode !== 7) return;
    const now = this.now();
    // A change to the state the agent already shows is observed at once, yet its announcement may
    // still be on its way: every accepted change is logged for a while.
    const fresh = this.log.filter((c) => now - c.sentAt <= 2 * this.deadlineMs());
    this.log.splice(0, this.log.length, ...fresh);
    this.log.push({ step: change.step, subject: change.subject, sentAt: now });
    this.pending.push({ step: change.step, subject: change.subject, until: now + this.deadlineMs() });
  }

  /** Whether a pending change names a user by id while the agent's own id is not yet known. */
  needsAgentId(): boolean {
    return this.agentId === undefined && this.pending.some((c) => c.subject.kind === 'user');
  }

  /** The agent's user id (from GET /me): changes to other users are none of the agent's. */
  learnAgentId(id: string): void {
    this.agentId = id;
    this.keep((c) => c.subject.kind === 'me' || c.subject.id === id);
  }

  /** Drops the changes a read of the agent shows done (and every one sent before them) and those past their deadline. */
  observed(snapshot: AgentSnapshot): void {
    let last = -1;
    this.pending.forEach((change, index) => {
      if (stepTookEffect(change.step, snapshot)) last = index;
    });
    const now = this.now();
    const open = this.pending.slice(last + 1).filter((change) => change.until > now);
    this.pending.splice(0, this.pending.length, ...open);
  }

  /**
   * Whether an announcement of `state` on `channel` that arrived at `receivedAt` may be the late
   * announcement of a change sent before `before` (and at most one deadline before it arrived),
   * rather than the outcome of the operation sent at `before`.
   */
  mayBeLateAnnouncement(channel: string, state: ObservedState, receivedAt: number, before: number): boolean {
    return this.log.some(
      (c) =>
        c.sentAt < before &&
        receivedAt - c.sentAt <= this.deadlineMs() &&
        (c.subject.kind === 'me' || this.agentId === undefined || c.subject.id === this.agentId) &&
        mayShow(c.step, channel, state),
    );
  }

  /** How long until every pending change is past its deadline (0 when none is pending). */
  remainingMs(): number {
    const now = this.now();
    return Math.max(0, ...this.pending.map((change) => change.until - now));
  }

  get size(): number {
    const now = this.now();
    this.keep((change) => change.until > now);
    return this.pending.length;
  }

  private keep(predicate: (change: PendingChange) => boolean): void {
    const kept = this.pending.filter(predicate);
    this.pending.splice(0, this.pending.length, ...kept);
  }
}

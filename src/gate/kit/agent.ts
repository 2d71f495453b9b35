import type { TestContext } from 'vitest';
import {
  changeOf,
  describeSnapshot,
  nextStep,
  observedState,
  operationsOn,
  stateAfter,
  stepTookEffect,
  type AgentSnapshot,
  type MoveStep,
  type ObservedState,
} from '../../contracts/agent-state.ts';
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import type { Operation } from '../../contracts/index.ts';
import type { Exchange, GateRequest } from './http.ts';

type Test = TestContext['task'];

export const LOGGED_OUT = 'LoggedOut';

/** The voice operations between the logged-in states, each named like the state it leads to [src: READY, NOTREADY, ACW, AUX]. */
export const VOICE_OPERATIONS = operationsOn('voice').filter((operation) => stateAfter(operation) !== LOGGED_OUT);

export interface VoiceObservation {
  readonly label: ObservedState;
  readonly exchange: Exchange;
}

/** Reads the voice state from `GET /me/devices?fields=*` [src: REQPAR, RECOVER]. */
export async function readVoice(gate: Gate): Promise<VoiceObservation> {
  const exchange = await gate.user.send({ method: 'GET', path: '/me/devices', query: { fields: '*' } });
  const devices = (exchange.response.body as { devices?: unknown } | undefined)?.devices;
  const first = Array.isArray(devices) ? (devices[0] as { userState?: unknown } | undefined) : undefined;
  return { label: observedState(first?.userState), exchange };
}

/** Reads every channel's state from `GET /me/channels?fields=*` [src: CHANRES]. */
export async function readChannels(gate: Gate): Promise<AgentSnapshot> {
  const exchange = await gate.user.send({ method: 'GET', path: '/me/channels', query: { fields: '*' } });
  const channels = (exchange.response.body as { channels?: unknown } | undefined)?.channels;
  const snapshot = new Map<string, ObservedState>();
  for (const item of Array.isArray(channels) ? channels : []) {
    const { channel, userState } = item as { channel?: unknown; userState?: unknown };
    if (typeof channel === 'string') snapshot.set(channel, observedState(userState));
  }
  gate.changes.observed(snapshot);
  return snapshot;
}

/** The agent's user id, from GET /me: what a supervisor's or admin's change names the agent by. */
async function learnAgentId(gate: Gate): Promise<string | undefined> {
  const me = await gate.user.send({ method: 'GET', path: '/me' });
  const id = (me.response.body as { user?: { id?: unknown } } | undefined)?.user?.id;
  if (typeof id !== 'string' || id === '') return undefined;
  gate.changes.learnAgentId(id);
  return id;
}

/**
 * An accepted agent-state or session change is only asked for [src: MAR]: waits until the agent's
 * channels show what `request` asked of the agent (its own change, or a supervisor's or admin's by
 * the agent's id), and fails the contract (rule `state-applied`) when the deadline passes first.
 * A request that changes no state of the agent passes at once.
 */
export async function expectChangeShown(gate: Gate, task: Test, operation: Operation, request: GateRequest): Promise<void> {
  const change = changeOf(request.method, request.path, request.body);
  if (change === undefined) return;
  if (change.subject.kind === 'user' && change.subject.id !== (await learnAgentId(gate))) return;
  const seen = await awaitChannels(gate, (snapshot) => stepTookEffect(change.step, snapshot));
  if (!seen.ok) {
    gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `channels ${describeSnapshot(seen.last)} ${gate.context.asyncDeadlineMs} ms after ${stepName(change.step)} was acknowledged`));
  }
}

/**
 * The agent's state once no change is in flight: waits until every change any identity asked of
 * the agent shows its outcome or passes its deadline, then reads.
 */
export async function settledChannels(gate: Gate): Promise<AgentSnapshot> {
  if (gate.changes.needsAgentId()) await learnAgentId(gate);
  const first = await readChannels(gate);
  if (gate.changes.size === 0) return first;
  const settled = await eventually(() => readChannels(gate), () => gate.changes.size === 0, { deadlineMs: gate.changes.remainingMs() });
  // At the deadline every change counts as done; the state read after it is the agent's.
  return settled.ok ? settled.last : readChannels(gate);
}

/** Waits until the voice state satisfies `accept`, polling with backoff up to the gate's deadline. */
export function awaitVoice(gate: Gate, accept: (label: ObservedState) => boolean) {
  return eventually(() => readVoice(gate), (o) => accept(o.label), { deadlineMs: gate.context.asyncDeadlineMs });
}

/** Waits until the channels satisfy `accept`, polling with backoff up to the gate's deadline. */
export function awaitChannels(gate: Gate, accept: (snapshot: AgentSnapshot) => boolean) {
  return eventually(() => readChannels(gate), accept, { deadlineMs: gate.context.asyncDeadlineMs });
}

/** Sends one agent-state operation on a channel; the answer is the caller's to judge. */
export function sendChannelOperation(gate: Gate, channel: string, operationName: string): Promise<Exchange> {
  return gate.user.send({ method: 'POST', path: `/me/channels/${channel}`, body: { operationName } });
}

export async function startSession(gate: Gate, channels: readonly string[] = ['voice']): Promise<Exchange> {
  return gate.user.send({ method: 'POST', path: '/me', body: { operationName: 'StartContactCenterSession', channels } });
}

export async function endSession(gate: Gate): Promise<Exchange> {
  const exchange = await gate.user.send({ method: 'POST', path: '/me', body: { operationName: 'EndContactCenterSession' } });
  // EndContactCenterSession invalidates the HTTP session [src: ECCS]; a fresh one starts on the next call.
  gate.user.reset();
  return exchange;
}

function requireSuccess(what: string, exchange: Exchange): void {
  const code = (exchange.response.body as { statusCode?: unknown } | undefined)?.statusCode;
  if (code !== 0) throw new Error(`${what} answered HTTP ${exchange.response.httpStatus} ${exchange.response.rawBody.slice(0, 200)}`);
}

async function take(gate: Gate, step: MoveStep): Promise<void> {
  switch (step.kind) {
    case 'EndContactCenterSession':
      requireSuccess('EndContactCenterSession', await endSession(gate));
      return;
    case 'StartContactCenterSession':
      requireSuccess('StartContactCenterSession', await startSession(gate, step.channels));
      return;
    case 'operations':
      for (const { channel, operation } of step.operations) {
        requireSuccess(`${operation} on ${channel}`, await sendChannelOperation(gate, channel, operation));
      }
  }
}

function stepName(step: MoveStep): string {
  return step.kind === 'operations' ? step.operations.map((o) => `${o.operation} on ${o.channel}`).join(', ') : step.kind;
}

/**
 * Brings the agent's channels to `target` (log-outs through EndContactCenterSession, log-ins through
 * StartContactCenterSession, then one operation per channel) and waits until a read shows it.
 * Starts from the state once no change is in flight. Throws a one-line error naming the step that
 * did not work.
 */
export async function moveAgentTo(gate: Gate, target: AgentSnapshot): Promise<void> {
  let current = await settledChannels(gate);
  // At most: log out, log in, operations, and one more look.
  for (let round = 0; round < 4; round += 1) {
    const step = nextStep(current, target);
    if (step === 'done') return;
    if ('unreachable' in step) throw new Error(`cannot reach ${describeSnapshot(target)}: ${step.unreachable}`);
    await take(gate, step);
    const seen = await awaitChannels(gate, (s) => stepTookEffect(step, s));
    if (!seen.ok) throw new Error(`channels ${describeSnapshot(seen.last)}, not ${describeSnapshot(target)}, ${gate.context.asyncDeadlineMs} ms after ${stepName(step)}`);
    current = seen.last;
  }
  if (nextStep(current, target) !== 'done') throw new Error(`channels ${describeSnapshot(current)}, not ${describeSnapshot(target)}`);
}

/** Moves only the voice channel, leaving the others as they are. */
export async function moveVoiceTo(gate: Gate, state: ObservedState): Promise<void> {
  const current = await settledChannels(gate);
  const target = new Map(current);
  target.set('voice', state);
  if (state === LOGGED_OUT) for (const channel of target.keys()) target.set(channel, LOGGED_OUT);
  await moveAgentTo(gate, target);
}

/**
 * Runs `body`, then puts every channel back in the state it started in, even when `body` threw.
 * The starting state is read once no change is in flight, and the restore starts only once the
 * changes `body` made are done (observed, or past their deadline). A restore that cannot be
 * confirmed by a read fails the contract too, naming the state it could not restore.
 */
export async function withAgentRestored(gate: Gate, task: Test, body: (start: AgentSnapshot) => Promise<void>): Promise<void> {
  const start = await settledChannels(gate);
  await withRestore(gate, task, () => body(start), async () => {
    if (start.size > 0) await moveAgentTo(gate, start);
  }, `could not restore the starting agent state (${describeSnapshot(start)})`);
}

/**
 * Runs `body`, then `restore`, also when `body` threw. A restore that throws fails the contract
 * (rule `restore`, its message after `what`); when both failed, the contract's own failure leads
 * and names the restore too, since the contracts after it will fail for what was left behind.
 */
export async function withRestore(gate: Gate, task: Test, body: () => Promise<void>, restore: () => Promise<void>, what: string): Promise<void> {
  let failure: unknown;
  try {
    await body();
  } catch (error) {
    failure = error;
  }
  try {
    await restore();
  } catch (error) {
    const restored = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    try {
      gate.fail(task, undefined, ruleViolation('status-code', 'restore', restored));
    } catch (recorded) {
      if (failure === undefined) throw recorded;
    }
    const first = failure instanceof Error ? failure : new Error(JSON.stringify(failure));
    first.message = `${first.message}\nthen ${restored}`;
    failure = first;
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
}

import type { TestContext } from 'vitest';

type Test = TestContext['task'];
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import type { Exchange } from './http.ts';

/**
 * A channel's agent state as one word: the workMode when it names one (AfterCallWork, AuxWork),
 * otherwise `userState.state` (Ready, NotReady, LoggedOut, ...) [src: READY, NOTREADY, ACW, AUX].
 */
export type StateLabel = string;

/** The four system-defined voice operations, always available [src: READY, NOTREADY, ACW, AUX]. */
export const VOICE_OPERATIONS = ['Ready', 'NotReady', 'AfterCallWork', 'AuxWork'] as const;

export const LOGGED_OUT = 'LoggedOut';

/** Channel name → state label, as `GET /me/channels?fields=*` shows them [src: CHANRES]. */
export type AgentSnapshot = ReadonlyMap<string, StateLabel>;

function labelOf(userState: unknown): StateLabel {
  const s = userState as { state?: unknown; workMode?: unknown } | undefined;
  if (typeof s?.workMode === 'string' && s.workMode !== '' && s.state === 'NotReady') return s.workMode;
  return typeof s?.state === 'string' ? s.state : 'unknown';
}

export interface VoiceObservation {
  readonly label: StateLabel;
  readonly exchange: Exchange;
}

/** Reads the voice state from `GET /me/devices?fields=*` [src: REQPAR, RECOVER]. */
export async function readVoice(gate: Gate): Promise<VoiceObservation> {
  const exchange = await gate.user.send({ method: 'GET', path: '/me/devices', query: { fields: '*' } });
  const devices = (exchange.response.body as { devices?: unknown } | undefined)?.devices;
  const first = Array.isArray(devices) ? (devices[0] as { userState?: unknown } | undefined) : undefined;
  return { label: labelOf(first?.userState), exchange };
}

/** Reads every channel's state from `GET /me/channels?fields=*` [src: CHANRES]. */
export async function readChannels(gate: Gate): Promise<AgentSnapshot> {
  const exchange = await gate.user.send({ method: 'GET', path: '/me/channels', query: { fields: '*' } });
  const channels = (exchange.response.body as { channels?: unknown } | undefined)?.channels;
  const snapshot = new Map<string, StateLabel>();
  for (const item of Array.isArray(channels) ? channels : []) {
    const { channel, userState } = item as { channel?: unknown; userState?: unknown };
    if (typeof channel === 'string') snapshot.set(channel, labelOf(userState));
  }
  return snapshot;
}

/** Waits until the voice state satisfies `accept`, polling with backoff up to the gate's deadline. */
export function awaitVoice(gate: Gate, accept: (label: StateLabel) => boolean) {
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

function describe(snapshot: AgentSnapshot): string {
  return [...snapshot].map(([c, l]) => `${c} ${l}`).join(', ') || 'no channels';
}

/**
 * Brings the agent's channels to `target` (log-outs through EndContactCenterSession, log-ins through
 * StartContactCenterSession, then one operation per channel) and waits until a read shows it.
 * Throws a one-line error naming the step that did not work.
 */
export async function moveAgentTo(gate: Gate, target: AgentSnapshot): Promise<void> {
  let current = await readChannels(gate);
  const matches = (s: AgentSnapshot): boolean => [...target].every(([c, l]) => s.get(c) === l);
  if (matches(current)) return;
  const mustLogOut = [...target].some(([c, l]) => l === LOGGED_OUT && current.get(c) !== LOGGED_OUT);
  if (mustLogOut) {
    requireSuccess('EndContactCenterSession', await endSession(gate));
    const out = await awaitChannels(gate, (s) => [...s.values()].every((l) => l === LOGGED_OUT));
    if (!out.ok) throw new Error(`channels still ${describe(out.last)} after EndContactCenterSession`);
    current = out.last;
  }
  const toLogIn = [...target].filter(([c, l]) => l !== LOGGED_OUT && current.get(c) === LOGGED_OUT).map(([c]) => c);
  if (toLogIn.length > 0) {
    requireSuccess('StartContactCenterSession', await startSession(gate, toLogIn));
    const inside = await awaitChannels(gate, (s) => toLogIn.every((c) => s.get(c) !== LOGGED_OUT));
    if (!inside.ok) throw new Error(`channels still ${describe(inside.last)} after StartContactCenterSession`);
    current = inside.last;
  }
  for (const [channel, label] of target) {
    if (label === LOGGED_OUT || current.get(channel) === label) continue;
    requireSuccess(`${label} on ${channel}`, await sendChannelOperation(gate, channel, label));
  }
  const done = await awaitChannels(gate, matches);
  if (!done.ok) throw new Error(`channels ${describe(done.last)}, not ${describe(target)}, ${gate.context.asyncDeadlineMs} ms after asking`);
}

/** Moves only the voice channel, leaving the others as they are. */
export async function moveVoiceTo(gate: Gate, label: StateLabel): Promise<void> {
  const current = await readChannels(gate);
  const target = new Map(current);
  target.set('voice', label);
  if (label === LOGGED_OUT) for (const channel of target.keys()) target.set(channel, LOGGED_OUT);
  await moveAgentTo(gate, target);
}

/**
 * Runs `body`, then puts every channel back in the state it started in, even when `body` threw.
 * A failed restore fails the contract too, naming the state it could not restore.
 */
export async function withAgentRestored(gate: Gate, task: Test, body: (start: AgentSnapshot) => Promise<void>): Promise<void> {
  const start = await readChannels(gate);
  let failure: unknown;
  try {
    await body(start);
  } catch (error) {
    failure = error;
  }
  try {
    if (start.size > 0) await moveAgentTo(gate, start);
  } catch (error) {
    const restore = `could not restore the starting agent state (${describe(start)}): ${error instanceof Error ? error.message : String(error)}`;
    try {
      gate.fail(task, undefined, ruleViolation('status-code', 'restore', restore));
    } catch (recorded) {
      if (failure === undefined) throw recorded;
    }
    // Both failed: the contract's own failure leads, but the agent is now in the wrong state and
    // the contracts after it will fail for that; this one must name why.
    const first = failure instanceof Error ? failure : new Error(JSON.stringify(failure));
    first.message = `${first.message}\nthen ${restore}`;
    failure = first;
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
}

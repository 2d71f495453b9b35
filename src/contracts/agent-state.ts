/**
 * The agent-state model shared by the gate's state contracts and the prober's state-change probe:
 * the states of one channel, which operation leads to which state on which channel, how a userState
 * reads as a state, and the steps that bring an agent back to a recorded state. No HTTP here.
 *
 * Restoring an agent means: record every channel's state while no change is in flight, make the
 * change, wait until its outcome is observed (a notification or a GET) or its deadline passes, then
 * bring each channel back to the recorded state and confirm that by observation. A restore that
 * cannot be confirmed is a failure of its own.
 */

/** An agent's state on one channel. AfterCallWork and AuxWork are NotReady with that workMode [src: ACW, AUX]. */
export const AGENT_STATES = ['LoggedOut', 'Ready', 'NotReady', 'AfterCallWork', 'AuxWork'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** A state the model does not know, with what the server showed (`unknown (LoggedIn)`), or `unknown` when it showed none. */
export type UnknownState = 'unknown' | `unknown (${string})`;

/** What a read or a notification showed on one channel. */
export type ObservedState = AgentState | UnknownState;

/** A userState object as devices, channels and notifications carry it [src: DEVRES, CHANRES]. */
export interface UserState {
  readonly id?: string;
  readonly displayName?: string;
  readonly state: string;
  readonly workMode?: string;
}

/**
 * The userState each state shows, exactly as the agent-state pages print it
 * [src: READY 8.6.0, NOTREADY latest, ACW 8.5.2, AUX 8.5.2, AgentStateOffline latest].
 */
export const USER_STATES: Readonly<Record<AgentState, UserState>> = Object.freeze({
  Ready: { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' },
  NotReady: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
  AfterCallWork: { id: 'D3663509-3D82-4DD3-A82E-2EA8EFA02AEF', displayName: 'AfterCallWork', state: 'NotReady', workMode: 'AfterCallWork' },
  AuxWork: { id: '2B36138D-C564-4562-A8CB-3C32D564F296', displayName: 'AuxWork', state: 'NotReady', workMode: 'AuxWork' },
  LoggedOut: { id: '0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB', displayName: 'Offline', state: 'LoggedOut' },
});

/** The system-defined agent-state operations of `POST /me/channels/{channel}`, always available. */
export const AGENT_STATE_OPERATIONS = ['Ready', 'NotReady', 'AfterCallWork', 'AuxWork', 'Offline'] as const;
export type AgentStateOperation = (typeof AGENT_STATE_OPERATIONS)[number];

const STATE_AFTER: Readonly<Record<AgentStateOperation, AgentState>> = Object.freeze({
  Ready: 'Ready',
  NotReady: 'NotReady',
  AfterCallWork: 'AfterCallWork',
  AuxWork: 'AuxWork',
  Offline: 'LoggedOut',
});

// Voice takes the four work states [src: READY, NOTREADY, ACW, AUX]; multimedia channels take Ready
// and NotReady [src: CHANOP851]; Offline is available on every channel [src: AgentStateOffline].
const VOICE_OPERATIONS: readonly AgentStateOperation[] = AGENT_STATE_OPERATIONS;
const MULTIMEDIA_OPERATIONS: readonly AgentStateOperation[] = ['Ready', 'NotReady', 'Offline'];

/** The agent-state operations a channel takes. */
export function operationsOn(channel: string): readonly AgentStateOperation[] {
  return channel === 'voice' ? VOICE_OPERATIONS : MULTIMEDIA_OPERATIONS;
}

export function isAgentStateOperation(name: unknown): name is AgentStateOperation {
  return typeof name === 'string' && (AGENT_STATE_OPERATIONS as readonly string[]).includes(name);
}

/** The state an accepted operation leads to. */
export function stateAfter(operation: AgentStateOperation): AgentState {
  return STATE_AFTER[operation];
}

/** The operation that leads to `state` on `channel`, or undefined when none does (a state the model does not know). */
export function operationFor(state: ObservedState, channel: string): AgentStateOperation | undefined {
  return operationsOn(channel).find((operation) => STATE_AFTER[operation] === state);
}

function shown(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * How a userState reads as a state: NotReady with workMode AfterCallWork or AuxWork is that work
 * state [src: ACW, AUX]; Ready's `workmode` (ManualIn, AutoIn) is how calls arrive, not another
 * state [src: READY 8.6.0]. Anything else is unknown and says what the server showed.
 */
export function observedState(userState: unknown): ObservedState {
  if (userState === null || typeof userState !== 'object') return 'unknown';
  const { state, workMode } = userState as { state?: unknown; workMode?: unknown };
  if (typeof state !== 'string' || state === '') return 'unknown';
  const mode = typeof workMode === 'string' && workMode !== '' ? workMode : undefined;
  if (state === 'NotReady') {
    if (mode === undefined) return 'NotReady';
    return mode === 'AfterCallWork' || mode === 'AuxWork' ? mode : `unknown (NotReady, workMode ${shown(mode)})`;
  }
  if (state === 'Ready' || state === 'LoggedOut') return state;
  return `unknown (${shown(state)})`;
}

/** Channel name → state, as `GET /me/channels?fields=*` shows them [src: CHANRES]. */
export type AgentSnapshot = ReadonlyMap<string, ObservedState>;

/** One step towards a target state, each a single request. */
export type MoveStep =
  | { readonly kind: 'EndContactCenterSession' }
  | { readonly kind: 'StartContactCenterSession'; readonly channels: readonly string[] }
  | { readonly kind: 'operations'; readonly operations: readonly { readonly channel: string; readonly operation: AgentStateOperation }[] };

/** Every channel of `target` shows its state in `snapshot`. */
export function reached(target: AgentSnapshot, snapshot: AgentSnapshot): boolean {
  return [...target].every(([channel, state]) => snapshot.get(channel) === state);
}

/** What an accepted step shows once it took effect. */
export function stepTookEffect(step: MoveStep, snapshot: AgentSnapshot): boolean {
  switch (step.kind) {
    // EndContactCenterSession logs every channel out [src: ECCS].
    case 'EndContactCenterSession':
      return [...snapshot.values()].every((state) => state === 'LoggedOut');
    case 'StartContactCenterSession':
      return step.channels.every((channel) => { const s = snapshot.get(channel); return s !== undefined && s !== 'LoggedOut'; });
    case 'operations':
      return step.operations.every(({ channel, operation }) => snapshot.get(channel) === STATE_AFTER[operation]);
  }
}

/**
 * The next step from `current` towards `target`: 'done' when every target channel shows its state,
 * or a one-line reason when the target cannot be reached. Log-outs go through
 * EndContactCenterSession, which logs every channel out [src: ECCS]; log-ins through
 * StartContactCenterSession [src: SCCS]; then one operation per channel still elsewhere. Decided
 * afresh from each observation, so a step that took effect only in part is picked up again.
 */
export function nextStep(current: AgentSnapshot, target: AgentSnapshot): MoveStep | 'done' | { readonly unreachable: string } {
  if (reached(target, current)) return 'done';
  for (const [channel, state] of target) {
    if (state !== 'LoggedOut' && operationFor(state, channel) === undefined) {
      return { unreachable: `no operation leads to ${state} on ${channel}` };
    }
  }
  if ([...target].some(([channel, state]) => state === 'LoggedOut' && current.get(channel) !== 'LoggedOut')) {
    return { kind: 'EndContactCenterSession' };
  }
  const toLogIn = [...target].filter(([channel, state]) => state !== 'LoggedOut' && current.get(channel) === 'LoggedOut').map(([channel]) => channel);
  if (toLogIn.length > 0) return { kind: 'StartContactCenterSession', channels: toLogIn };
  const operations = [...target]
    .filter(([channel, state]) => current.get(channel) !== state)
    .map(([channel, state]) => ({ channel, operation: operationFor(state, channel) as AgentStateOperation }));
  return { kind: 'operations', operations };
}

/**
 * The step a request to the API asks for, when it is an agent-state or session operation
 * (`POST /me`, `POST /me/channels/{channel}`); undefined for every other request.
 */
export function stepOf(method: string, path: string, body: unknown): MoveStep | undefined {
  if (method !== 'POST' || body === null || typeof body !== 'object') return undefined;
  const { operationName, channels } = body as { operationName?: unknown; channels?: unknown };
  if (path === '/me') {
    if (operationName === 'EndContactCenterSession') return { kind: 'EndContactCenterSession' };
    if (operationName === 'StartContactCenterSession') {
      const list = Array.isArray(channels) ? channels.filter((c): c is string => typeof c === 'string') : ['voice'];
      return { kind: 'StartContactCenterSession', channels: list };
    }
    return undefined;
  }
  const channel = /^\/me\/channels\/([^/?#]+)$/.exec(path)?.[1];
  if (channel === undefined || !isAgentStateOperation(operationName) || !operationsOn(channel).includes(operationName)) return undefined;
  return { kind: 'operations', operations: [{ channel, operation: operationName }] };
}

/** Whose state a requested change is about: the sender's own (`/me...`) or a user's by id (`/users/{id}/channels/...`). */
export type ChangeSubject = { readonly kind: 'me' } | { readonly kind: 'user'; readonly id: string };

/** An agent-state or session change a request asks for, and whose. */
export interface RequestedChange {
  readonly step: MoveStep;
  readonly subject: ChangeSubject;
}

/**
 * The change a request asks for: the sender's own through `POST /me` and `POST /me/channels/{channel}`
 * (stepOf), or another user's through `POST /users/{id}/channels/{channel}`, as a supervisor or an
 * admin sets an agent Ready, NotReady or Offline [src: AgentStateControlReady, AgentStateControlNotReady,
 * AgentStateControlOffline]. Undefined for every other request.
 */
export function changeOf(method: string, path: string, body: unknown): RequestedChange | undefined {
  const own = stepOf(method, path, body);
  if (own !== undefined) return { step: own, subject: { kind: 'me' } };
  const match = /^\/users\/([^/?#]+)\/channels\/([^/?#]+)$/.exec(path);
  if (method !== 'POST' || match === null || body === null || typeof body !== 'object') return undefined;
  const operationName = (body as { operationName?: unknown }).operationName;
  const [, id = '', channel = ''] = match;
  if (!isAgentStateOperation(operationName) || !operationsOn(channel).includes(operationName)) return undefined;
  return { step: { kind: 'operations', operations: [{ channel, operation: operationName }] }, subject: { kind: 'user', id: safeDecode(id) } };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A snapshot as one line: `voice Ready, chat NotReady`. */
export function describeSnapshot(snapshot: AgentSnapshot): string {
  return [...snapshot].map(([channel, state]) => `${channel} ${state}`).join(', ') || 'no channels';
}

import { createClient, type GwsClient } from '../client/index.ts';
import type { Credentials, GateTarget } from '../config/index.ts';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface LeftoverOptions {
  readonly timeoutMs: number;
  readonly quietMs: number;
  readonly deadlineMs: number;
}

type ListKey = 'calls' | 'devices' | 'chats' | 'emails' | 'openmedia';

function listOf(body: unknown, key: ListKey): unknown[] {
  const list = (body as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) ? (list as unknown[]) : [];
}

function callIds(body: unknown): string[] {
  return listOf(body, 'calls').map((c) => (c as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string');
}

/** The ids of the devices in a GET /me/devices body that show supervisorMonitoringState [src: DevicesAttribs, SupervisorListenIn]. */
export function monitoringDevices(body: unknown): string[] {
  return listOf(body, 'devices')
    .map((d) => d as { id?: unknown; supervisorMonitoringState?: unknown } | null)
    .filter((d) => d?.supervisorMonitoringState !== undefined && d.supervisorMonitoringState !== null)
    .map((d) => d?.id)
    .filter((id): id is string => typeof id === 'string');
}

function clientFor(target: GateTarget, person: Credentials, timeoutMs: number): GwsClient {
  return createClient({ baseUrl: target.baseUrl, ...(target.tls ? { tls: target.tls } : {}), username: person.username, password: person.password, timeoutMs });
}

/**
 * Repeats `sweep` (which returns how many things it undid) until it has undone nothing for
 * `quietMs` (an operation acknowledged just before the stop still lands) or `deadlineMs` passes.
 */
async function untilQuiet(options: LeftoverOptions, sweep: () => Promise<number>): Promise<number> {
  const started = performance.now();
  let quietSince = performance.now();
  let undone = 0;
  while (performance.now() - started < options.deadlineMs && performance.now() - quietSince < options.quietMs) {
    const now = await sweep();
    if (now > 0) {
      undone += now;
      quietSince = performance.now();
    }
    await pause(100);
  }
  return undone;
}

/**
 * One sweep: GET the collection (`/me/{kind}`, or `path`)?fields=*, then the operation `undo` names
 * on each item it picks, at `<path>/<id>`; returns how many.
 */
async function undoEach(client: GwsClient, kind: 'calls' | 'devices' | 'chats' | 'emails', undo: (body: unknown) => readonly (readonly [id: string, operationName: string])[], path = `/me/${kind}`): Promise<number> {
  const read = await client.request({ method: 'GET', path, query: { fields: '*' } });
  const items = read.kind === 'response' ? undo(read.response.body) : [];
  await Promise.all(items.map(([id, operationName]) => client.request({ method: 'POST', path: `${path}/${encodeURIComponent(id)}`, body: { operationName } })));
  return items.length;
}

const each = (operationName: string, idsOf: (body: unknown) => string[]) => (body: unknown) => idsOf(body).map((id) => [id, operationName] as const);

/**
 * The agent's chats still open and what takes each off its hands: Reject while offered, Complete
 * otherwise [src: ChatReject, ChatComplete]; a Completed chat or one the agent left is done.
 */
export function openChats(body: unknown): (readonly [string, string])[] {
  return listOf(body, 'chats')
    .map((c) => c as { id?: unknown; state?: unknown } | null)
    .filter((c): c is { id: string; state?: unknown } => typeof c?.id === 'string' && c.state !== 'Completed' && c.state !== 'LeftChat')
    .map((c) => [c.id, c.state === 'Chatting' ? 'Complete' : 'Reject'] as const);
}

/** What takes each open item of a list off the agent's hands, by the item's state; items in another state are done. */
function undoByState(key: ListKey, byState: Readonly<Record<string, string>>): (body: unknown) => (readonly [string, string])[] {
  return (body) => listOf(body, key)
    .map((item) => item as { id?: unknown; state?: unknown } | null)
    .flatMap((item) => {
      const operationName = typeof item?.state === 'string' ? byState[item.state] : undefined;
      return typeof item?.id === 'string' && operationName !== undefined ? [[item.id, operationName] as const] : [];
    });
}

/**
 * The agent's emails still open and what takes each off its hands: Reject while offered, Complete
 * while Processing, Cancel a draft [src: EmailReject 8.5.2, EmailComplete 8.5.2, EmailCancel latest].
 */
export const openEmails = undoByState('emails', { Invited: 'Reject', Processing: 'Complete', Composing: 'Cancel' });

/** The agent's open-media items still open: Reject while offered, Complete while Processing [src: OpenMediaAPIReject 8.5.2]. */
export const openOpenmedia = undoByState('openmedia', { Invited: 'Reject', Processing: 'Complete' });

/**
 * After a run stopped mid-contract (SIGINT, SIGTERM) no `finally` restored anything: hangs up every
 * call GET /me/calls shows to `person` (the agent unless named), until it has shown none for
 * `quietMs` or `deadlineMs` passes. Returns how many calls were hung up.
 */
export async function hangUpLeftovers(target: GateTarget, options: LeftoverOptions, person: Credentials = target.user): Promise<number> {
  const client = clientFor(target, person, options.timeoutMs);
  try {
    return await untilQuiet(options, () => undoEach(client, 'calls', each('Hangup', callIds)));
  } finally {
    client.close();
  }
}

/**
 * The supervisor's side of an interrupted run: cancels any monitoring its devices show
 * (CancelSupervisorMonitoring [src: SupervisorListenIn]) and hangs up its calls (a call it made to
 * ring the agent). Nothing to do without a configured supervisor. Returns how many were undone.
 */
export async function undoSupervisorLeftovers(target: GateTarget, options: LeftoverOptions): Promise<number> {
  const supervisor = target.supervisor;
  if (supervisor === undefined) return 0;
  const client = clientFor(target, supervisor, options.timeoutMs);
  let cancelled: number;
  try {
    cancelled = await untilQuiet(options, () => undoEach(client, 'devices', each('CancelSupervisorMonitoring', monitoringDevices)));
  } finally {
    client.close();
  }
  return cancelled + (await hangUpLeftovers(target, options, supervisor));
}

/**
 * The chats of an interrupted run: takes every chat the agent still has open off its hands until
 * GET /me/chats has shown none for `quietMs` or `deadlineMs` passes. Returns how many were closed.
 */
export async function closeLeftoverChats(target: GateTarget, options: LeftoverOptions): Promise<number> {
  const client = clientFor(target, target.user, options.timeoutMs);
  try {
    return await untilQuiet(options, () => undoEach(client, 'chats', openChats));
  } finally {
    client.close();
  }
}

/**
 * The emails and open-media items of an interrupted run: cancels every draft, completes what is
 * being worked on and rejects what is offered, until the agent's lists have shown none for
 * `quietMs` or `deadlineMs` passes. Open media only where a media type is configured. Returns how many were closed.
 */
export async function closeLeftoverMultimedia(target: GateTarget, options: LeftoverOptions): Promise<number> {
  const client = clientFor(target, target.user, options.timeoutMs);
  const mediaType = target.openmediaType;
  try {
    const [emails, items] = await Promise.all([
      untilQuiet(options, () => undoEach(client, 'emails', openEmails)),
      mediaType === undefined ? 0 : untilQuiet(options, () => undoEach(client, 'emails', openOpenmedia, `/me/openmedia/${encodeURIComponent(mediaType)}`)),
    ]);
    return emails + items;
  } finally {
    client.close();
  }
}

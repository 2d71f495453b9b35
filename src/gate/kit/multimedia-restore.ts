import type { TestContext } from 'vitest';
import { openEmails, openOpenmedia } from '../leftovers.ts';
import { withRestore } from './agent.ts';
import { eventually } from './eventually.ts';
import type { Gate } from './harness.ts';
import type { Exchange } from './http.ts';
import { openmediaTypeOf, readEmails, readOpenmedia } from './multimedia-flow.ts';

type Test = TestContext['task'];
type Undo = (body: unknown) => (readonly [string, string])[];

/**
 * Takes every open item of one list off the agent's hands (the operation `undo` names for its
 * state), then waits until the list shows none open. Throws a one-line error naming what is left.
 */
async function closeAll(gate: Gate, path: string, read: () => Promise<{ readonly exchange: Exchange }>, undo: Undo, noun: string): Promise<void> {
  const { exchange } = await read();
  await Promise.all(undo(exchange.response.body).map(([id, operationName]) =>
    gate.user.send({ method: 'POST', path: `${path}/${encodeURIComponent(id)}`, body: { operationName } }).catch(() => undefined)));
  const deadlineMs = gate.context.asyncDeadlineMs;
  const done = await eventually(read, (r) => undo(r.exchange.response.body).length === 0, { deadlineMs });
  if (!done.ok) {
    const left = undo(done.last.exchange.response.body).map(([id, operationName]) => `${id} (${operationName} not applied)`);
    throw new Error(`${noun} still open ${deadlineMs} ms after being closed: ${left.join(', ')}`);
  }
}

/**
 * Cancels the agent's email drafts, completes what it works on, rejects what it is offered, and the
 * same for open-media items of the configured media type [src: EmailCancel latest, EmailComplete
 * 8.5.2, EmailReject 8.5.2, OpenMediaAPIReject 8.5.2].
 */
export async function closeMultimedia(gate: Gate): Promise<void> {
  const mediaType = openmediaTypeOf(gate);
  await Promise.all([
    closeAll(gate, '/me/emails', () => readEmails(gate), openEmails, 'emails'),
    mediaType === undefined ? undefined : closeAll(gate, `/me/openmedia/${encodeURIComponent(mediaType)}`, () => readOpenmedia(gate, mediaType), openOpenmedia, 'open-media items'),
  ]);
}

/** Runs a contract on emails or open media, then closes every item it left open, also when it threw. */
export function withMultimediaRestored(gate: Gate, task: Test, body: () => Promise<void>): Promise<void> {
  return withRestore(gate, task, body, () => closeMultimedia(gate), 'could not close the emails and open-media items');
}

// How the gate's process tells its vitest worker thread that the run is stopping. Vitest's own
// cancel is no use here: it rejects the running contract at once while the contract's body goes on
// unawaited, so the worker would be closed in the middle of that contract's restore.
import { BroadcastChannel } from 'node:worker_threads';

/** A BroadcastChannel reaches every thread of the process: the gate's and its worker's. */
const STOP_CHANNEL = 'gwscheck-gate-stop';
const STOP = 'stop';
const LISTENING = 'listening';

/** The note of a contract skipped because the run was stopped before it started. */
export const STOPPED_NOTE = 'not run: the run was interrupted';

/**
 * In the gate's process: once `interrupt` aborts, tells the worker to start no further contract,
 * and tells a worker again when it starts listening later. Returns the function that closes it.
 */
export function announceStops(interrupt: AbortSignal | undefined): () => void {
  if (interrupt === undefined) return () => undefined;
  const channel = new BroadcastChannel(STOP_CHANNEL);
  channel.unref();
  const announce = (): void => channel.postMessage(STOP);
  channel.onmessage = (event) => {
    if ((event as { data?: unknown }).data === LISTENING && interrupt.aborted) announce();
  };
  interrupt.addEventListener('abort', announce, { once: true });
  return () => {
    interrupt.removeEventListener('abort', announce);
    channel.close();
  };
}

/** In the worker: whether the gate's process has asked it to start no further contract. */
export function listenForStop(): () => boolean {
  let stopped = false;
  const channel = new BroadcastChannel(STOP_CHANNEL);
  channel.unref();
  channel.onmessage = (event) => {
    if ((event as { data?: unknown }).data === STOP) stopped = true;
  };
  channel.postMessage(LISTENING);
  return () => stopped;
}

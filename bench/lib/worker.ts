import { readFileSync } from 'node:fs';
import type { WorkerRequest } from './child.ts';

/** Reads the worker's JSON spec from argv[2]. */
export function workerSpec<T>(): T {
  const text = process.argv[2];
  if (text === undefined) throw new Error('worker: expected a JSON spec (or @FILE holding one) as the first argument');
  // A spec of 10,000 probes is over the kernel's argument limit (E2BIG): it comes as a file.
  return JSON.parse(text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text) as T;
}

/** Answers the parent's IPC requests; a handler's error goes back as a one-line message. */
export function serveRequests(handlers: Readonly<Record<string, () => unknown>>): void {
  process.on('message', (message: WorkerRequest) => {
    const handler = handlers[message.type];
    const reply = (body: { value?: unknown; error?: string }): void => {
      process.send?.({ type: message.type, ...body });
    };
    if (handler === undefined) {
      reply({ error: `unknown request "${message.type}"` });
      return;
    }
    Promise.resolve()
      .then(handler)
      .then(
        (value) => reply({ value }),
        (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/** Ends the worker cleanly on SIGTERM/SIGINT or when the parent goes away. */
export function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown);
}

import { createClient } from '../client/index.ts';
import type { GateTarget } from '../config/index.ts';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function callIds(body: unknown): string[] {
  const calls = (body as { calls?: unknown } | undefined)?.calls;
  return Array.isArray(calls) ? calls.map((c) => (c as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string') : [];
}

/**
 * After a run stopped mid-contract (SIGINT, SIGTERM) no `finally` restored anything: hangs up every
 * call GET /me/calls shows, until it has shown none for `quietMs` (a Dial acknowledged just before
 * the stop still lands) or `deadlineMs` passes. Returns how many calls were hung up.
 */
export async function hangUpLeftovers(target: GateTarget, options: { readonly timeoutMs: number; readonly quietMs: number; readonly deadlineMs: number }): Promise<number> {
  const client = createClient({ baseUrl: target.baseUrl, username: target.user.username, password: target.user.password, timeoutMs: options.timeoutMs });
  const started = performance.now();
  let quietSince = performance.now();
  let hungUp = 0;
  while (performance.now() - started < options.deadlineMs && performance.now() - quietSince < options.quietMs) {
    const read = await client.request({ method: 'GET', path: '/me/calls', query: { fields: '*' } });
    const ids = read.kind === 'response' ? callIds(read.response.body) : [];
    if (ids.length > 0) {
      await Promise.all(ids.map((id) => client.request({ method: 'POST', path: `/me/calls/${encodeURIComponent(id)}`, body: { operationName: 'Hangup' } })));
      hungUp += ids.length;
      quietSince = performance.now();
    }
    await pause(100);
  }
  return hungUp;
}

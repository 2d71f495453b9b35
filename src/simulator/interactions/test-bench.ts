import { expect } from 'vitest';
import { loadContracts } from '../../contracts/index.ts';
import type { Published, Scheduler } from './types.ts';

export const BENCH_ROOT = 'http://127.0.0.1:8080/api/v2';
const contracts = loadContracts();

/**
 * What a medium's model test runs it with: a scheduler that runs on `flush()`, a publish that keeps
 * every event, and `received(user)`: the messages the user got since the last look, rendered as GWS
 * sends them and each checked against `schema`.
 */
export function modelBench<E, M>(render: (published: Published<E>, root: string) => M, schema: string) {
  const queue: (() => void)[] = [];
  const published: Published<E>[] = [];
  const seen = new Map<string, number>();
  const scheduler: Scheduler = { defer: (task) => void queue.push(task) };
  return {
    scheduler,
    published,
    publish: (p: Published<E>): void => void published.push(p),
    flush: (): void => {
      for (let task = queue.shift(); task !== undefined; task = queue.shift()) task();
    },
    received: (userId: string): M[] => {
      const mine = published.filter((p) => p.userId === userId);
      const from = seen.get(userId) ?? 0;
      seen.set(userId, mine.length);
      const messages = mine.slice(from).map((p) => render(p, BENCH_ROOT));
      for (const message of messages) expect(contracts.validate(schema, message), JSON.stringify(message)).toEqual([]);
      return messages;
    },
  };
}

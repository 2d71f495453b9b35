import { setTimeout as sleep } from 'node:timers/promises';

/** Milliseconds until the next whole wall-clock second (where node-cron fires too). */
export function untilNextSecond(): number {
  return 1000 - (Date.now() % 1000);
}

/**
 * Runs `burst` at each of the next `count` whole seconds, as a scheduler with every probe at a
 * one-second interval does. Each burst must settle within `burstTimeoutMs`.
 */
export async function everySecond<T>(count: number, burstTimeoutMs: number, burst: () => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < count; i += 1) {
    await sleep(untilNextSecond());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`a burst of probes did not settle within ${burstTimeoutMs} ms`)), burstTimeoutMs);
    });
    try {
      all.push(...(await Promise.race([burst(), timeout])));
    } finally {
      clearTimeout(timer);
    }
  }
  return all;
}

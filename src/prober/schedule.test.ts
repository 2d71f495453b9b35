import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../config/index.ts';
import { intervalSeconds, lastDue, offsetMs } from './schedule.ts';

describe('offsets of every schedules', () => {
  it('puts each probe at a stable millisecond within its period', () => {
    for (const seconds of [1, 15, 60, 3600]) {
      for (const key of ['gws-a\u0000get-me', 'gws-b\u0000get-users', 'x\u0000y']) {
        const offset = offsetMs(seconds, key);
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThan(seconds * 1000);
        expect(offsetMs(seconds, key)).toBe(offset);
      }
    }
  });

  it('spreads 1,000 probes of 15 s over the period, with no second holding a burst', () => {
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 1000; i += 1) {
      const second = Math.floor(offsetMs(15, `t${Math.floor(i / 10)}\u0000p${i % 10}`) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(perSecond.size).toBe(15);
    // 67 per second on average; a hash that clumps would put far more in one second.
    expect(Math.max(...perSecond.values())).toBeLessThan(100);
    const millis = new Set(Array.from({ length: 1000 }, (_, i) => offsetMs(15, `t\u0000p${i}`) % 1000));
    expect(millis.size).toBeGreaterThan(400);
  });

  it('lastDue is the latest firing at or before now, one period apart', () => {
    const key = 'gws-a\u0000get-me';
    const offset = offsetMs(15, key);
    const now = 1_700_000_000_123;
    const due = lastDue(15, key, now);
    expect(due).toBeLessThanOrEqual(now);
    expect(now - due).toBeLessThan(15_000);
    expect((due - offset) % 15_000).toBe(0);
    expect(lastDue(15, key, due)).toBe(due);
    expect(lastDue(15, key, due - 1)).toBe(due - 15_000);
  });

  it('takes a cron expression as written; its interval is the gap between two runs', () => {
    expect(intervalSeconds(parseSchedule('*/20 * * * * *', 'interval'))).toBe(20);
    expect(intervalSeconds(parseSchedule('15s', 'interval'))).toBe(15);
  });
});

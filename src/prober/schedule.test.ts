import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../config/index.ts';
import { cronExpression, intervalSeconds } from './schedule.ts';

function gaps(expression: string, count: number): number[] {
  const task = cron.createTask(expression, () => undefined);
  const runs = task.getNextRuns(count).map((d) => d.getTime() / 1000);
  void task.destroy();
  return runs.slice(1).map((t, i) => t - (runs[i] ?? 0));
}

describe('cron expressions of schedules', () => {
  it.each(['1s', '5s', '15s', '30s', '1m', '5m', '30m', '1h', '6h', '12h'])('%s fires at an even interval, offset per probe', (text) => {
    const schedule = parseSchedule(text, 'interval');
    const seconds = intervalSeconds(schedule);
    for (const key of ['gws-a\u0000get-me', 'gws-b\u0000get-users', 'x\u0000y']) {
      const expression = cronExpression(schedule, key);
      expect(cron.validate(expression), expression).toBe(true);
      for (const gap of gaps(expression, 6)) expect(gap).toBe(seconds);
    }
  });

  it('spreads probes of the same interval over the period', () => {
    const schedule = parseSchedule('15s', 'interval');
    const offsets = new Set(Array.from({ length: 40 }, (_, i) => cronExpression(schedule, `t\u0000p${i}`).split(' ')[0]));
    expect(offsets.size).toBeGreaterThan(5);
  });

  it('takes a cron expression as written; its interval is the gap between two runs', () => {
    const schedule = parseSchedule('*/20 * * * * *', 'interval');
    expect(cronExpression(schedule, 'k')).toBe('*/20 * * * * *');
    expect(intervalSeconds(schedule)).toBe(20);
  });
});

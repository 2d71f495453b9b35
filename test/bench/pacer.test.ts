// The at-scale driver's pacer fires each probe at the moment gwscheck's schedule gives it, and a
// second it reaches late is served late, never skipped. Fake timers stand in for the wall clock.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { pace } from '../../bench/lib/pacer.ts';

/** Epoch second 1,000,000,000 (even), 400 ms in. */
const START = 1_000_000_000_400;

interface Item {
  readonly name: string;
  readonly schedule: { readonly offsetMs: number; readonly period: number };
}

const items: Item[] = [
  { name: 'a', schedule: { offsetMs: 0, period: 2 } },
  { name: 'b', schedule: { offsetMs: 250, period: 2 } },
  { name: 'c', schedule: { offsetMs: 1250, period: 2 } },
  { name: 'd', schedule: { offsetMs: 1999, period: 2 } },
];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

test('every item fires at its second in the period and its millisecond in that second, on time', () => {
  const fired: [string, number, number][] = [];
  const stop = pace(items, (item, dueAt) => fired.push([item.name, dueAt - START, Date.now() - dueAt]));
  vi.advanceTimersByTime(4000);
  stop();
  // The first whole second after the start is odd: the second half of the 2 s period.
  expect(fired).toEqual([
    ['c', 850, 0],
    ['d', 1599, 0],
    ['a', 1600, 0],
    ['b', 1850, 0],
    ['c', 2850, 0],
    ['d', 3599, 0],
    ['a', 3600, 0],
    ['b', 3850, 0],
  ]);
});

test('a second reached late is served late, every item in it and in order', () => {
  const fired: [string, number][] = [];
  const stop = pace(items, (item, dueAt) => {
    fired.push([item.name, Date.now() - dueAt]);
    // The process is held up for 1.5 s right after firing c.
    if (item.name === 'c' && fired.length === 1) vi.setSystemTime(Date.now() + 1500);
  });
  vi.advanceTimersByTime(4000);
  stop();
  // The next second starts on a timer, which waits at least 1 ms, as Node's timers do.
  expect(fired.slice(0, 5)).toEqual([
    ['c', 0],
    ['d', 751],
    ['a', 751],
    ['b', 501],
    ['c', 0],
  ]);
});

test('nothing fires once stopped', () => {
  const fire = vi.fn();
  const stop = pace(items, fire);
  vi.advanceTimersByTime(1000);
  const before = fire.mock.calls.length;
  stop();
  vi.advanceTimersByTime(5000);
  expect(before).toBeGreaterThan(0);
  expect(fire).toHaveBeenCalledTimes(before);
});

test('items of different periods are refused, naming the period expected', () => {
  expect(() => pace([...items, { name: 'e', schedule: { offsetMs: 0, period: 15 } }], () => undefined)).toThrow('pacer: every item needs the same period (expected 2 s)');
});

import { describe, expect, it } from 'vitest';
import { LATE_EFFECT_WINDOW_MS, UnsettledRequests } from './unsettled.ts';

describe('UnsettledRequests', () => {
  it('blames the oldest request that explains a read, and hands each out once', () => {
    const sent = new UnsettledRequests<string>();
    sent.add('NotReady', 500);
    sent.add('Ready', 1000);
    sent.add('Ready', 2000);
    expect(sent.take((r) => r === 'Ready')).toEqual({ request: 'Ready', sentAt: 1000 });
    expect(sent.take((r) => r === 'Ready')).toEqual({ request: 'Ready', sentAt: 2000 });
    expect(sent.take((r) => r === 'Ready')).toBeUndefined();
    expect(sent.size).toBe(1);
  });

  it('forgets a request once a read comes a whole window after it was sent', () => {
    const sent = new UnsettledRequests<string>();
    sent.add('Ready', 0);
    sent.forgetBefore(LATE_EFFECT_WINDOW_MS - 1);
    expect(sent.size).toBe(1);
    sent.forgetBefore(LATE_EFFECT_WINDOW_MS);
    expect(sent.size).toBe(0);
  });

  it('keeps a bounded number, the newest', () => {
    const sent = new UnsettledRequests<number>();
    for (let i = 0; i < 1000; i += 1) sent.add(i, i);
    expect(sent.size).toBe(400);
    expect(sent.take(() => true)?.request).toBe(600);
  });
});

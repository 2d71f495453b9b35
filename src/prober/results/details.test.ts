import { describe, expect, it } from 'vitest';
import { DetailStore, detailBytes, type RunDetail } from './details.ts';

function detail(text: string): RunDetail {
  return { message: text, violations: [], exchange: null };
}

describe('the failed runs\' details', () => {
  it('stay within the byte budget: the oldest go first', () => {
    const one = detailBytes(detail('x'.repeat(1000)));
    const store = new DetailStore(3 * one);
    for (let seq = 1; seq <= 5; seq += 1) expect(store.keep(seq, detail('x'.repeat(1000)))).toBe(true);
    expect(store.size).toBe(3);
    expect(store.bytes).toBe(3 * one);
    expect([1, 2, 3, 4, 5].map((seq) => store.get(seq) !== undefined)).toEqual([false, false, true, true, true]);
  });

  it('a larger detail pushes out as many old ones as it needs', () => {
    const small = detailBytes(detail('s'));
    const store = new DetailStore(10 * small);
    for (let seq = 1; seq <= 10; seq += 1) store.keep(seq, detail('s'));
    store.keep(11, detail('L'.repeat(small * 3)));
    expect(store.bytes).toBeLessThanOrEqual(10 * small);
    expect(store.get(11)).toBeDefined();
    expect(store.get(1)).toBeUndefined();
    expect(store.get(10)).toBeDefined();
  });

  it('does not keep a detail larger than the whole budget, and keeps the others then', () => {
    const store = new DetailStore(1000);
    store.keep(1, detail('small'));
    expect(store.keep(2, detail('x'.repeat(2000)))).toBe(false);
    expect(store.get(2)).toBeUndefined();
    expect(store.get(1)).toBeDefined();
  });

  it('drops a detail on request and counts its bytes back', () => {
    const store = new DetailStore(10_000);
    store.keep(1, detail('a'));
    store.keep(2, detail('b'));
    store.drop(1);
    store.drop(99);
    expect(store.size).toBe(1);
    expect(store.bytes).toBe(detailBytes(detail('b')));
  });
});

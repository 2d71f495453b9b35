import { describe, expect, it } from 'vitest';
import { BYTES_PER_RUN, RunRing, type RunRow } from './ring.ts';

function row(seq: number, fields: Partial<RunRow> = {}): RunRow {
  return { seq, startedAt: 1_000 * seq, durationMs: 12.5, outcome: 'success', ok: true, statusCode: 0, reason: null, ...fields };
}

describe('the run ring', () => {
  it('keeps the last N runs of each probe, newest first, and says which run each push pushed out', () => {
    const ring = new RunRing(2, 3);
    const evicted: (number | undefined)[] = [];
    for (let seq = 1; seq <= 5; seq += 1) evicted.push(ring.push(0, row(seq)));
    ring.push(1, row(6, { outcome: 'timeout', ok: false, statusCode: null, reason: 'timeout' }));
    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2]);
    expect(ring.kept(0)).toBe(3);
    expect([0, 1, 2].map((age) => ring.at(0, age).seq)).toEqual([5, 4, 3]);
    expect(() => ring.at(0, 3)).toThrow(RangeError);
    // The other probe's slots are its own.
    expect(ring.kept(1)).toBe(1);
    expect(ring.at(1, 0)).toEqual({ seq: 6, startedAt: 6000, durationMs: 12.5, outcome: 'timeout', ok: false, statusCode: null, reason: 'timeout' });
  });

  it('finds the probe of a kept run, and none once the run has left the ring', () => {
    const ring = new RunRing(3, 2);
    ring.push(2, row(7));
    ring.push(2, row(8));
    expect(ring.probeOf(7)).toBe(2);
    ring.push(2, row(9));
    expect(ring.probeOf(7)).toBeUndefined();
    expect(ring.probeOf(9)).toBe(2);
    // An empty slot holds 0, which no run has.
    expect(ring.probeOf(0)).toBeUndefined();
  });

  it('remembers the last success and last failure past the runs it keeps; a run that does not apply is neither', () => {
    const ring = new RunRing(1, 1);
    expect(ring.lastTimes(0)).toEqual({ success: null, failure: null });
    ring.push(0, row(1));
    ring.push(0, row(2, { outcome: 'schema_violation', ok: false, reason: 'schema' }));
    ring.push(0, row(3, { outcome: 'not_applicable', ok: false, reason: null }));
    expect(ring.lastTimes(0)).toEqual({ success: 1000, failure: 2000 });
    expect(ring.at(0, 0)).toMatchObject({ outcome: 'not_applicable', ok: false, reason: null });
  });

  it('keeps any statusCode and a held run of any outcome (additive drift holds)', () => {
    const ring = new RunRing(1, 4);
    ring.push(0, row(1, { statusCode: 21 }));
    ring.push(0, row(2, { statusCode: 1e12 }));
    expect(ring.at(0, 0).statusCode).toBe(1e12);
    expect(ring.at(0, 1).statusCode).toBe(21);
  });

  it('spends a few megabytes on 10,000 probes keeping 20 runs each', () => {
    const ring = new RunRing(10_000, 20);
    expect(ring.runs).toBe(20);
    const bytes = 10_000 * 20 * BYTES_PER_RUN;
    expect(bytes / 2 ** 20).toBeLessThan(6);
    const before = process.memoryUsage().arrayBuffers;
    const another = new RunRing(10_000, 20);
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(another.kept(0)).toBe(0);
    // Typed arrays live outside the JS heap: what they take is exactly what they count.
    expect(grown).toBeGreaterThanOrEqual(bytes);
    expect(grown).toBeLessThan(bytes + 10_000 * 24 + 64 * 1024);
  });

  it('refuses a ring that keeps no run', () => {
    expect(() => new RunRing(1, 0)).toThrow(/runs kept 0/);
  });
});

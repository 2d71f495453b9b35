import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { CounterFamily, GaugeFamily, HistogramFamily, renderMetrics, writeMetrics } from './series.ts';

/** The same operations on prom-client's own metrics and on the cached families. */
function both() {
  const ours = new Registry();
  const theirs = new Registry();
  const labelNames = ['target', 'probe'] as const;
  const buckets = [0.05, 0.1, 1];
  const families = {
    counter: new CounterFamily({ name: 'x_total', help: 'A counter.', labelNames, registers: [ours] }),
    gauge: new GaugeFamily({ name: 'x_seconds', help: 'A gauge with a \\ and\na newline.', labelNames, registers: [ours] }),
    histogram: new HistogramFamily({ name: 'x_duration_seconds', help: 'A histogram.', labelNames, buckets, registers: [ours] }),
  };
  const metrics = {
    counter: new Counter({ name: 'x_total', help: 'A counter.', labelNames, registers: [theirs] }),
    gauge: new Gauge({ name: 'x_seconds', help: 'A gauge with a \\ and\na newline.', labelNames, registers: [theirs] }),
    histogram: new Histogram({ name: 'x_duration_seconds', help: 'A histogram.', labelNames, buckets, registers: [theirs] }),
  };
  return { ours, theirs, families, metrics };
}

describe('cached metric families', () => {
  it('render exactly what prom-client renders for the same operations', async () => {
    const { ours, theirs, families, metrics } = both();
    const a = { target: 'gws "eu"\\1', probe: 'get-me\n' };
    const b = { target: 't2', probe: 'p' };
    for (const [labels, value] of [[a, 0.02], [b, 0.5], [a, 7], [b, 1]] as const) {
      families.counter.inc(labels);
      metrics.counter.inc(labels);
      families.gauge.set(labels, value * 1e9);
      metrics.gauge.set(labels, value * 1e9);
      families.histogram.observe(labels, value);
      metrics.histogram.observe(labels, value);
    }
    families.counter.inc({ target: 'z', probe: 'zero' }, 0);
    metrics.counter.inc({ target: 'z', probe: 'zero' }, 0);
    families.histogram.zero({ target: 'z', probe: 'zero' });
    metrics.histogram.zero({ target: 'z', probe: 'zero' });
    expect(await renderMetrics(ours)).toBe(await theirs.metrics());
    // prom-client's own render of our families (through get()) agrees too.
    expect(await ours.metrics()).toBe(await theirs.metrics());
    families.gauge.remove(b);
    metrics.gauge.remove(b);
    expect(await renderMetrics(ours)).toBe(await theirs.metrics());
  });

  it('answers the same text while nothing changed, and a new text after a change', async () => {
    const { ours, families } = both();
    families.counter.inc({ target: 't', probe: 'p' });
    const first = await renderMetrics(ours);
    expect(families.counter.render()).toBe(families.counter.render());
    expect(await renderMetrics(ours)).toBe(first);
    families.counter.inc({ target: 't', probe: 'p' });
    const second = await renderMetrics(ours);
    expect(second).toContain('x_total{target="t",probe="p"} 2');
    expect(second).not.toBe(first);
  });

  it('renders a large family in pieces, giving the event loop turns between them, and caches them', async () => {
    const { ours, families } = both();
    for (let i = 0; i < 5_000; i += 1) families.counter.inc({ target: `t${i}`, probe: 'p' });
    const pieces: string[] = [];
    let finished = false;
    let ranDuringRender = false;
    setImmediate(() => {
      ranDuringRender = !finished;
    });
    // A slice of 0 ms: a turn after every piece, however fast the machine renders.
    await writeMetrics(
      ours,
      (text) => {
        pieces.push(text);
      },
      0,
    );
    finished = true;
    expect(ranDuringRender).toBe(true);
    // Header, three pieces of at most 2,000 counters, the two empty families and the final newline.
    expect(pieces.length).toBe(7);
    const text = pieces.join('');
    expect(text).toBe(await ours.metrics());
    expect(text.split('\n').filter((line) => line.startsWith('x_total{'))).toHaveLength(5_000);
    // Nothing changed: the same pieces, from the cache, without building a single line.
    const built = vi.spyOn(CounterFamily.prototype as unknown as { lines: (text: string, value: number) => string }, 'lines');
    const again: string[] = [];
    await writeMetrics(ours, (piece) => {
      again.push(piece);
    });
    expect(again).toEqual(pieces);
    expect(built).not.toHaveBeenCalled();
    // A change drops the cache: the next render builds every line again.
    families.counter.inc({ target: 't0', probe: 'p' });
    await writeMetrics(ours, () => undefined);
    expect(built).toHaveBeenCalledTimes(5_000);
    // A family that changed between two scrapes (every probe's own series, at every run) keeps no
    // text: the next render builds it again, and caches it only once it stayed the same.
    await writeMetrics(ours, () => undefined);
    expect(built).toHaveBeenCalledTimes(10_000);
    await writeMetrics(ours, () => undefined);
    expect(built).toHaveBeenCalledTimes(10_000);
    built.mockRestore();
  });

  it('writes NaN and infinities as the text format spells them', async () => {
    const { ours, families } = both();
    families.gauge.set({ target: 'a', probe: 'p' }, NaN);
    families.gauge.set({ target: 'b', probe: 'p' }, Infinity);
    families.gauge.set({ target: 'c', probe: 'p' }, -Infinity);
    const text = await renderMetrics(ours);
    expect(text).toContain('x_seconds{target="a",probe="p"} NaN\n');
    expect(text).toContain('x_seconds{target="b",probe="p"} +Inf\n');
    expect(text).toContain('x_seconds{target="c",probe="p"} -Inf\n');
  });

  it('refuses to decrease a counter', () => {
    const { families } = both();
    expect(() => families.counter.inc({ target: 't', probe: 'p' }, -1)).toThrow(/x_total: a counter cannot decrease \(got -1\)/);
  });

  it('render a registry that also holds plain prom-client metrics', async () => {
    const { ours, families } = both();
    families.counter.inc({ target: 't', probe: 'p' });
    new Gauge({ name: 'other_gauge', help: 'Not ours.', registers: [ours] }).set(3);
    expect(await renderMetrics(ours)).toBe(await ours.metrics());
  });
});

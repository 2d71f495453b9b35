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
      { sliceMs: 0 },
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

/** The same operations, with exemplars, on prom-client's metrics in an OpenMetrics registry and on the cached families. */
function bothOpenMetrics() {
  const ours = new Registry();
  // prom-client's typings omit the constructor's content type and bind a registry's metrics to the text type.
  const theirs = new (Registry as unknown as new (contentType: string) => Registry)(Registry.OPENMETRICS_CONTENT_TYPE);
  const labelNames = ['target', 'probe'] as const;
  const buckets = [0.05, 0.1, 1];
  const families = {
    counter: new CounterFamily({ name: 'x_total', help: 'A counter.', labelNames, registers: [ours] }),
    gauge: new GaugeFamily({ name: 'x_seconds', help: 'A gauge with a \\ and\na newline.', labelNames, registers: [ours] }),
    histogram: new HistogramFamily({ name: 'x_duration_seconds', help: 'A histogram.', labelNames, buckets, registers: [ours] }),
  };
  const metrics = {
    counter: new Counter({ name: 'x_total', help: 'A counter.', labelNames, registers: [theirs], enableExemplars: true }),
    gauge: new Gauge({ name: 'x_seconds', help: 'A gauge with a \\ and\na newline.', labelNames, registers: [theirs] }),
    histogram: new Histogram({ name: 'x_duration_seconds', help: 'A histogram.', labelNames, buckets, registers: [theirs], enableExemplars: true }),
  };
  return { ours, theirs, families, metrics };
}

describe('the families in OpenMetrics', () => {
  it('render what prom-client renders in OpenMetrics for the same operations, exemplars included', async () => {
    const { ours, theirs, families, metrics } = bothOpenMetrics();
    const a = { target: 'gws "eu"\\1', probe: 'get-me\n' };
    const b = { target: 't2', probe: 'p' };
    // prom-client stamps an exemplar with Date.now(): the clock stands still at the run's time.
    const at = Date.UTC(2026, 11, 1, 8, 0, 0, 123);
    vi.useFakeTimers({ now: at, toFake: ['Date'] });
    try {
      for (const [labels, value, run] of [[a, 0.02, 'r1'], [b, 0.5, 'r2'], [a, 7, 'r3'], [b, 1, 'r4'], [a, 0.07, 'r5']] as const) {
        const exemplar = { labels: { run_id: run }, timestamp: at };
        families.counter.inc(labels, 1, exemplar);
        // prom-client's typings allow only the metric's own label names as exemplar labels.
        const exemplarLabels = { run_id: run } as unknown as Record<'target' | 'probe', string>;
        metrics.counter.inc({ labels, value: 1, exemplarLabels });
        families.gauge.set(labels, value * 1e9);
        metrics.gauge.set(labels, value * 1e9);
        families.histogram.observe(labels, value, exemplar);
        metrics.histogram.observe({ labels, value, exemplarLabels });
      }
    } finally {
      vi.useRealTimers();
    }
    families.counter.inc({ target: 'z', probe: 'zero' }, 0);
    metrics.counter.inc({ labels: { target: 'z', probe: 'zero' }, value: 0 });
    const page = await renderMetrics(ours, 'openmetrics');
    expect(page).toBe(await theirs.metrics());
    // Spelled out once: the counter family without _total, its samples with it, each exemplar on
    // the bucket its value fell into (7 s: +Inf), the page ended by # EOF and without a blank line.
    expect(page).toContain('# HELP x A counter.\n# TYPE x counter\nx_total{target="gws \\"eu\\"\\\\1",probe="get-me\\n"} 3 # {run_id="r5"} 1 1796112000.123\n');
    expect(page).toContain('x_duration_seconds_bucket{le="0.05",target="t2",probe="p"} 0\nx_duration_seconds_bucket{le="0.1",target="t2",probe="p"} 0\nx_duration_seconds_bucket{le="1",target="t2",probe="p"} 2 # {run_id="r4"} 1 1796112000.123\n');
    expect(page).toContain('x_duration_seconds_bucket{le="+Inf",target="gws \\"eu\\"\\\\1",probe="get-me\\n"} 3 # {run_id="r3"} 7 1796112000.123\n');
    expect(page).toContain('x_duration_seconds_bucket{le="0.1",target="gws \\"eu\\"\\\\1",probe="get-me\\n"} 2 # {run_id="r5"} 0.07 1796112000.123\n');
    expect(page.endsWith('\n# EOF\n')).toBe(true);
    expect(page).not.toContain('\n\n');
  });

  it('never show an exemplar in the text format, which stays what prom-client renders', async () => {
    const { ours, theirs, families, metrics } = both();
    const labels = { target: 't', probe: 'p' };
    families.counter.inc(labels, 1, { labels: { run_id: 'r1' }, timestamp: 1 });
    metrics.counter.inc(labels);
    families.histogram.observe(labels, 0.2, { labels: { run_id: 'r1' }, timestamp: 1 });
    metrics.histogram.observe(labels, 0.2);
    const text = await renderMetrics(ours);
    expect(text).toBe(await theirs.metrics());
    expect(text).not.toContain('run_id');
  });

  it('escape a double quote in the help, as OpenMetrics requires and the text format does not', () => {
    const registry = new Registry();
    const family = new GaugeFamily({ name: 'q_seconds', help: 'Say "when".', labelNames: [], registers: [registry] });
    expect(family.render('openmetrics')).toBe('# HELP q_seconds Say \\"when\\".\n# TYPE q_seconds gauge');
    expect(family.render('text')).toBe('# HELP q_seconds Say "when".\n# TYPE q_seconds gauge');
  });

  it('keep one cache per format: a scrape in one format neither drops nor serves the other\'s text', async () => {
    const { ours, families } = both();
    for (let i = 0; i < 100; i += 1) families.counter.inc({ target: `t${i}`, probe: 'p' }, 1, { labels: { run_id: `r${i}` }, timestamp: 1000 });
    const text = await renderMetrics(ours);
    const openmetrics = await renderMetrics(ours, 'openmetrics');
    const built = vi.spyOn(CounterFamily.prototype as unknown as { lines: (text: string, value: number, format: string) => string }, 'lines');
    expect(await renderMetrics(ours, 'openmetrics')).toBe(openmetrics);
    expect(await renderMetrics(ours)).toBe(text);
    expect(await renderMetrics(ours, 'openmetrics')).toBe(openmetrics);
    expect(built).not.toHaveBeenCalled();
    families.counter.inc({ target: 't0', probe: 'p' });
    expect(await renderMetrics(ours, 'openmetrics')).toContain('x_total{target="t0",probe="p"} 2 # {run_id="r0"} 1 1\n');
    expect(built).toHaveBeenCalledTimes(100);
    expect(await renderMetrics(ours)).toContain('x_total{target="t0",probe="p"} 2\n');
    expect(built).toHaveBeenCalledTimes(200);
    built.mockRestore();
  });

  it('keep one exemplar per counter series and per histogram bucket: the last, gone with its series', () => {
    const registry = new Registry();
    const counter = new CounterFamily({ name: 'c_total', help: 'C.', labelNames: ['k'], registers: [registry] });
    const histogram = new HistogramFamily({ name: 'h_seconds', help: 'H.', labelNames: ['k'], buckets: [1, 2], registers: [registry] });
    for (const run of ['r1', 'r2', 'r3']) {
      counter.inc({ k: 'a' }, 1, { labels: { run_id: run }, timestamp: 5000 });
      histogram.observe({ k: 'a' }, run === 'r2' ? 1.5 : 0.5, { labels: { run_id: run }, timestamp: 5000 });
    }
    counter.inc({ k: 'a' });
    expect(counter.render('openmetrics')).toBe('# HELP c C.\n# TYPE c counter\nc_total{k="a"} 4 # {run_id="r3"} 1 5');
    expect(histogram.render('openmetrics').split('\n').filter((line) => line.includes(' # '))).toEqual([
      'h_seconds_bucket{le="1",k="a"} 2 # {run_id="r3"} 0.5 5',
      'h_seconds_bucket{le="2",k="a"} 3 # {run_id="r2"} 1.5 5',
    ]);
    counter.remove({ k: 'a' });
    counter.inc({ k: 'a' });
    expect(counter.render('openmetrics')).toBe('# HELP c C.\n# TYPE c counter\nc_total{k="a"} 1');
  });

  it('refuse a counter whose name does not end in _total, and exemplar labels OpenMetrics refuses', () => {
    const registry = new Registry();
    expect(() => new CounterFamily({ name: 'runs', help: 'R.', labelNames: [], registers: [registry] })).toThrow(/counter runs: a counter's name ends in _total/);
    const counter = new CounterFamily({ name: 'runs_total', help: 'R.', labelNames: [], registers: [registry] });
    expect(() => counter.inc({}, 1, { labels: { run_id: 'x'.repeat(123) }, timestamp: 0 })).toThrow(/129 characters long \(expected at most 128/);
    expect(() => counter.inc({}, 1, { labels: { 'run-id': 'x' }, timestamp: 0 })).toThrow(/exemplar label name "run-id" is not a label name/);
    // Nothing was counted by a refused increment.
    expect(counter.render()).toBe('# HELP runs_total R.\n# TYPE runs_total counter');
  });

  it('render plain prom-client metrics of the registry in OpenMetrics too, and leave their text as it was', async () => {
    const { ours, families } = both();
    families.counter.inc({ target: 't', probe: 'p' });
    const other = new Counter({ name: 'other_runs_total', help: 'Not "ours".', labelNames: ['target'], registers: [ours] });
    other.inc({ target: 't' }, 2);
    const histogram = new Histogram({ name: 'other_seconds', help: 'Also not ours.', buckets: [1], registers: [ours] });
    histogram.observe(0.5);
    const textBefore = await ours.metrics();
    const page = await renderMetrics(ours, 'openmetrics');
    expect(page).toContain('\n# HELP other_runs Not \\"ours\\".\n# TYPE other_runs counter\nother_runs_total{target="t"} 2\n');
    expect(page).toContain('\n# TYPE other_seconds histogram\nother_seconds_bucket{le="1"} 1\nother_seconds_bucket{le="+Inf"} 1\nother_seconds_sum 0.5\nother_seconds_count 1\n# EOF\n');
    expect(page).not.toContain('\n\n');
    expect(await renderMetrics(ours)).toBe(textBefore);
    expect(textBefore).toContain('# TYPE other_runs_total counter\nother_runs_total{target="t"} 2');
  });
});

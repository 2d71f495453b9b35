import type { Metric, Registry } from 'prom-client';

/**
 * The prober's metric families: prom-client's Counter, Gauge and Histogram keep a labels object per
 * series and rebuild every line on each scrape (label formatting is most of a 1,000-probe render).
 * These keep one string per series, its label text as the exposition format writes it, as the key
 * of the family's map; a scalar series is that key and a number. A family that stays unchanged from
 * scrape to scrape answers the text it gave before. They register in a prom-client Registry and answer
 * `get()` in its shape, so `registry.metrics()` and other metrics still work.
 */

type LabelValues<L extends string> = Readonly<Record<L, string | number>>;

const NEEDS_ESCAPE = /[\\\n"]/;

/** The text exposition format's escaping of a label value. */
function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The labels of a label text, unescaped: the inverse of labelText(). */
function parseLabelText(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(LABEL_PAIR)) {
    labels[name as string] = (value as string).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

interface FamilyOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly registers: readonly Registry[];
}

/** Series per piece of a rendered family: the event loop gets a turn between pieces. */
const SERIES_PER_PIECE = 2000;

abstract class Family<L extends string, S> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  /** Each series by its label text (`target="a",probe="b"`), which is also what its line prints. */
  protected readonly series = new Map<string, S>();
  /** Bumped by every change; a render keeps its pieces only when no change came while it ran. */
  private version = 0;
  private cached: { readonly version: number; readonly pieces: readonly string[] } | undefined;
  /** The version the previous render started at; undefined before the first. */
  private lastRenderedVersion: number | undefined;

  constructor(options: FamilyOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    // prom-client's registry reads only name, help, type, get() and reset() from a metric.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  protected abstract initial(): S;
  protected abstract lines(text: string, series: S): string;
  abstract get(): Promise<{ name: string; help: string; type: string; aggregator: 'sum'; values: { labels: Record<string, string>; value: number; metricName?: string }[] }>;

  protected labelsOf(text: string): Record<string, string> {
    return parseLabelText(text);
  }

  protected textOf(values: LabelValues<L>): string {
    // join() makes one flat string; `+=` would keep a chain of concatenations as the map's key.
    return this.labelNames.map((name) => `${name}="${escapeLabelValue(String(values[name]))}"`).join(',');
  }

  /** The label text of these labels; its series is created on first use. */
  protected at(values: LabelValues<L>): string {
    const text = this.textOf(values);
    if (!this.series.has(text)) this.series.set(text, this.initial());
    this.changed();
    return text;
  }

  protected changed(): void {
    this.version += 1;
    // Stale now: let it go at once rather than hold a family's whole text until the next scrape.
    this.cached = undefined;
  }

  remove(values: LabelValues<L>): void {
    if (this.series.delete(this.textOf(values))) this.changed();
  }

  reset(): void {
    this.series.clear();
    this.changed();
  }

  /**
   * The family in the text exposition format, in pieces of a few thousand series (joined with
   * newlines they are the family's text). A family's first render, and any render with no change
   * since the previous one, keeps its pieces: they come back without building anything until the
   * family's next change.
   */
  *pieces(): Generator<string, void, undefined> {
    if (this.cached?.version === this.version) {
      yield* this.cached.pieces;
      return;
    }
    const startedAt = this.version;
    // Only a family that did not change since the previous render keeps its text: one that changes
    // between scrapes (a probe's own series, at every run) would hold it only until its next change,
    // yet long enough for the garbage collector to move it all to the old generation.
    const quiet = this.lastRenderedVersion === undefined || startedAt === this.lastRenderedVersion;
    this.lastRenderedVersion = startedAt;
    const done: string[] = [`# HELP ${this.name} ${this.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${this.name} ${this.type}`];
    yield done[0] as string;
    let lines: string[] = [];
    for (const [text, series] of this.series) {
      lines.push(this.lines(text, series));
      if (lines.length === SERIES_PER_PIECE) {
        const piece = lines.join('\n');
        if (quiet) done.push(piece);
        lines = [];
        yield piece;
      }
    }
    if (lines.length > 0) {
      const piece = lines.join('\n');
      if (quiet) done.push(piece);
      yield piece;
    }
    this.cached = quiet && this.version === startedAt ? { version: startedAt, pieces: done } : undefined;
  }

  /** The whole family's text. */
  render(): string {
    return [...this.pieces()].join('\n');
  }
}

abstract class ScalarFamily<L extends string> extends Family<L, number> {
  protected initial(): number {
    return 0;
  }

  protected lines(text: string, value: number): string {
    return text === '' ? `${this.name} ${formatValue(value)}` : `${this.name}{${text}} ${formatValue(value)}`;
  }

  protected write(values: LabelValues<L>, update: (current: number) => number): void {
    const text = this.at(values);
    this.series.set(text, update(this.series.get(text) ?? 0));
  }

  get() {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum' as const,
      values: [...this.series].map(([text, value]) => ({ labels: this.labelsOf(text), value })),
    });
  }
}

export class CounterFamily<L extends string> extends ScalarFamily<L> {
  readonly type = 'counter';

  /** Adds `by` (default 1); `inc(labels, 0)` creates the series at 0. */
  inc(values: LabelValues<L>, by = 1): void {
    if (by < 0) throw new Error(`${this.name}: a counter cannot decrease (got ${by})`);
    this.write(values, (current) => current + by);
  }
}

export class GaugeFamily<L extends string> extends ScalarFamily<L> {
  readonly type = 'gauge';

  set(values: LabelValues<L>, value: number): void {
    this.write(values, () => value);
  }
}

interface HistogramSeries {
  readonly counts: number[];
  sum: number;
  count: number;
}

export class HistogramFamily<L extends string> extends Family<L, HistogramSeries> {
  readonly type = 'histogram';
  private readonly buckets: readonly number[];
  /** `name_bucket{le="0.05"` for each bucket and +Inf: shared by every series. */
  private readonly bucketHeads: readonly string[];

  constructor(options: FamilyOptions<L> & { readonly buckets: readonly number[] }) {
    super(options);
    this.buckets = [...options.buckets].sort((a, b) => a - b);
    // `le` first, as prom-client writes it, so the text stays byte for byte the same.
    this.bucketHeads = [...this.buckets.map(formatValue), '+Inf'].map((le) => `${this.name}_bucket{le="${le}"`);
  }

  protected initial(): HistogramSeries {
    return { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
  }

  protected lines(text: string, series: HistogramSeries): string {
    const labels = text === '' ? '} ' : `,${text}} `;
    let block = '';
    for (let i = 0; i < series.counts.length; i += 1) block += `${this.bucketHeads[i] ?? ''}${labels}${formatValue(series.counts[i] ?? 0)}\n`;
    const plain = text === '' ? ' ' : `{${text}} `;
    return `${block}${this.bucketHeads[series.counts.length] ?? ''}${labels}${formatValue(series.count)}\n${this.name}_sum${plain}${formatValue(series.sum)}\n${this.name}_count${plain}${formatValue(series.count)}`;
  }

  /** Creates the series with every bucket at 0. */
  zero(values: LabelValues<L>): void {
    this.at(values);
  }

  observe(values: LabelValues<L>, value: number): void {
    const series = this.series.get(this.at(values)) as HistogramSeries;
    // Cumulative counts: every bucket at or above the value.
    for (let i = 0; i < this.buckets.length; i += 1) if (value <= (this.buckets[i] ?? 0)) series.counts[i] = (series.counts[i] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  get() {
    const values: { labels: Record<string, string>; value: number; metricName: string }[] = [];
    for (const [text, s] of this.series) {
      const labels = this.labelsOf(text);
      this.buckets.forEach((le, i) => values.push({ labels: { le: formatValue(le), ...labels }, value: s.counts[i] ?? 0, metricName: `${this.name}_bucket` }));
      values.push({ labels: { le: '+Inf', ...labels }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { ...labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: 'sum' as const, values });
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** How long a render may hold the event loop before a probe's start gets its turn. */
const DEFAULT_SLICE_MS = 10;

/**
 * The registry's text, as `registry.metrics()` gives it, handed to `write` piece by piece: the
 * families above from their caches, any other prom-client metric through prom-client. After each
 * `sliceMs` of rendering the event loop gets a turn, so a 10,000-probe render holds up a probe's
 * start by about that much at most; a turn after every piece instead would hand the render's
 * time to every callback waiting at each of them. `write` may return a promise (backpressure),
 * which is awaited.
 */
export async function writeMetrics(registry: Registry, write: (text: string) => void | Promise<void>, sliceMs = DEFAULT_SLICE_MS): Promise<void> {
  let sliceStart = performance.now();
  let first = true;
  for (const metric of registry.getMetricsAsArray() as readonly object[]) {
    const separator = first ? '' : '\n\n';
    first = false;
    if (metric instanceof Family) {
      let head = separator;
      for (const piece of metric.pieces()) {
        await write(head + piece);
        head = '\n';
        if (performance.now() - sliceStart >= sliceMs) {
          await nextTurn();
          sliceStart = performance.now();
        }
      }
    } else {
      await write(separator + (await registry.getSingleMetricAsString((metric as { name: string }).name)));
    }
  }
  await write('\n');
}

/** The registry's whole text, as `registry.metrics()` gives it. */
export async function renderMetrics(registry: Registry): Promise<string> {
  const parts: string[] = [];
  await writeMetrics(registry, (text) => {
    parts.push(text);
  });
  return parts.join('');
}

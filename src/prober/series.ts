import type { Metric, Registry } from 'prom-client';

/**
 * The prober's metric families: prom-client's Counter, Gauge and Histogram rebuild every line of
 * every series on each scrape (label formatting is most of a 1,000-probe render). These keep each
 * series' label text, built once, and its rendered line until its value changes; a family that did
 * not change since the last scrape answers the text it gave then. They register in a prom-client
 * Registry and answer `get()` in its shape, so `registry.metrics()` and other metrics still work.
 */

type LabelValues<L extends string> = Readonly<Record<L, string | number>>;

/** The text exposition format's escaping of a label value. */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',');
}

interface FamilyOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly registers: readonly Registry[];
}

abstract class Family<L extends string, S extends { labels: Record<string, string> }> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected readonly series = new Map<string, S>();
  private text: string | undefined;

  constructor(options: FamilyOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    // prom-client's registry reads only name, help, type, get() and reset() from a metric.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  protected abstract create(labels: Record<string, string>, text: string): S;
  protected abstract lines(series: S): string;
  abstract get(): Promise<{ name: string; help: string; type: string; aggregator: 'sum'; values: { labels: Record<string, string>; value: number; metricName?: string }[] }>;

  /** The series for these labels, created on first use. */
  protected at(values: LabelValues<L>): S {
    const strings = this.labelNames.map((name) => String(values[name]));
    const key = strings.join('\u0000');
    let series = this.series.get(key);
    if (series === undefined) {
      const labels = Object.fromEntries(this.labelNames.map((name, i) => [name, strings[i] ?? '']));
      series = this.create(labels, labelText(this.labelNames.map((name, i) => [name, strings[i] ?? ''] as const)));
      this.series.set(key, series);
    }
    this.changed();
    return series;
  }

  protected changed(): void {
    this.text = undefined;
  }

  remove(values: LabelValues<L>): void {
    if (this.series.delete(this.labelNames.map((name) => String(values[name])).join('\u0000'))) this.changed();
  }

  reset(): void {
    this.series.clear();
    this.changed();
  }

  /** The family in the text exposition format, rebuilt only when a series changed. */
  render(): string {
    if (this.text !== undefined) return this.text;
    const parts = [`# HELP ${this.name} ${this.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${this.name} ${this.type}`];
    for (const series of this.series.values()) parts.push(this.lines(series));
    this.text = parts.join('\n');
    return this.text;
  }
}

interface ScalarSeries {
  readonly labels: Record<string, string>;
  readonly prefix: string;
  value: number;
  line: string | undefined;
}

abstract class ScalarFamily<L extends string> extends Family<L, ScalarSeries> {
  protected create(labels: Record<string, string>, text: string): ScalarSeries {
    return { labels, prefix: text === '' ? `${this.name} ` : `${this.name}{${text}} `, value: 0, line: undefined };
  }

  protected lines(series: ScalarSeries): string {
    series.line ??= series.prefix + formatValue(series.value);
    return series.line;
  }

  protected write(values: LabelValues<L>, update: (current: number) => number): void {
    const series = this.at(values);
    series.value = update(series.value);
    series.line = undefined;
  }

  get() {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum' as const,
      values: [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.value })),
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
  readonly labels: Record<string, string>;
  /** `name_bucket{labels,le="…"} ` for each bucket, +Inf last. */
  readonly bucketPrefixes: readonly string[];
  readonly sumPrefix: string;
  readonly countPrefix: string;
  readonly counts: number[];
  sum: number;
  count: number;
  block: string | undefined;
}

export class HistogramFamily<L extends string> extends Family<L, HistogramSeries> {
  readonly type = 'histogram';
  private readonly buckets: readonly number[];

  constructor(options: FamilyOptions<L> & { readonly buckets: readonly number[] }) {
    super(options);
    this.buckets = [...options.buckets].sort((a, b) => a - b);
  }

  protected create(labels: Record<string, string>, text: string): HistogramSeries {
    // `le` first, as prom-client writes it, so the text stays byte for byte the same.
    const withLe = (le: string): string => `${this.name}_bucket{le="${le}"${text === '' ? '' : `,${text}`}} `;
    const plain = (suffix: string): string => (text === '' ? `${this.name}_${suffix} ` : `${this.name}_${suffix}{${text}} `);
    return {
      labels,
      bucketPrefixes: [...this.buckets.map((b) => withLe(formatValue(b))), withLe('+Inf')],
      sumPrefix: plain('sum'),
      countPrefix: plain('count'),
      counts: this.buckets.map(() => 0),
      sum: 0,
      count: 0,
      block: undefined,
    };
  }

  protected lines(series: HistogramSeries): string {
    if (series.block === undefined) {
      const lines = series.counts.map((n, i) => series.bucketPrefixes[i] + formatValue(n));
      lines.push(series.bucketPrefixes[series.counts.length] + formatValue(series.count));
      lines.push(series.sumPrefix + formatValue(series.sum), series.countPrefix + formatValue(series.count));
      series.block = lines.join('\n');
    }
    return series.block;
  }

  /** Creates the series with every bucket at 0. */
  zero(values: LabelValues<L>): void {
    this.at(values);
  }

  observe(values: LabelValues<L>, value: number): void {
    const series = this.at(values);
    // Cumulative counts: every bucket at or above the value.
    for (let i = 0; i < this.buckets.length; i += 1) if (value <= (this.buckets[i] ?? 0)) series.counts[i] = (series.counts[i] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
    series.block = undefined;
  }

  get() {
    const values: { labels: Record<string, string>; value: number; metricName: string }[] = [];
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) => values.push({ labels: { le: formatValue(le), ...s.labels }, value: s.counts[i] ?? 0, metricName: `${this.name}_bucket` }));
      values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...s.labels }, value: s.count, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: 'sum' as const, values });
  }
}


/**
 * The registry's text, as `registry.metrics()` gives it: the families above from their caches,
 * any other prom-client metric through prom-client.
 */
export async function renderMetrics(registry: Registry): Promise<string> {
  const parts: string[] = [];
  for (const metric of registry.getMetricsAsArray() as readonly object[]) {
    if (metric instanceof Family) parts.push(metric.render());
    else parts.push(await registry.getSingleMetricAsString((metric as { name: string }).name));
  }
  return `${parts.join('\n\n')}\n`;
}

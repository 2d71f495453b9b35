import type { Registry } from 'prom-client';
import { exemplarSuffix, FAMILY_SEPARATOR, formatValue, PAGE_END, type Exemplar, type MetricsFormat } from './exposition.ts';
import { Family, type FamilyOptions, type FamilyValues, type LabelValues } from './family.ts';
import { foreignFamily } from './foreign-family.ts';

/**
 * The prober's metric families: prom-client's Counter, Gauge and Histogram keep a labels object per
 * series and rebuild every line on each scrape (label formatting is most of a 1,000-probe render).
 * These keep one string per series, its label text as the exposition formats write it, as the key
 * of the family's map; a scalar series is that key and a number. A family that stays unchanged from
 * scrape to scrape answers the text it gave before (family.ts). Counters and histograms keep one
 * exemplar per series (per bucket for a histogram), as the text OpenMetrics writes after the sample.
 */

export { CONTENT_TYPES, negotiateFormat, type Exemplar, type MetricsFormat } from './exposition.ts';

abstract class ScalarFamily<L extends string, S> extends Family<L, S> {
  protected abstract valueOf(series: S): number;

  protected lines(text: string, series: S, _format: MetricsFormat): string {
    const value = formatValue(this.valueOf(series));
    return text === '' ? `${this.name} ${value}` : `${this.name}{${text}} ${value}`;
  }

  get(): Promise<FamilyValues> {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum' as const,
      values: [...this.series].map(([text, series]) => ({ labels: this.labelsOf(text), value: this.valueOf(series) })),
    });
  }
}

/** A count, or a count and the exemplar text of its last increment that had one: no object for a series without. */
type CounterSeries = number | { count: number; exemplar: string };

export class CounterFamily<L extends string> extends ScalarFamily<L, CounterSeries> {
  readonly type = 'counter';

  constructor(options: FamilyOptions<L>) {
    // OpenMetrics names a counter's samples `<family>_total`: a name without it could not be both formats' name.
    if (!options.name.endsWith('_total')) throw new Error(`counter ${options.name}: a counter's name ends in _total (OpenMetrics)`);
    super(options);
  }

  protected initial(): CounterSeries {
    return 0;
  }

  protected valueOf(series: CounterSeries): number {
    return typeof series === 'number' ? series : series.count;
  }

  /** Adds `by` (default 1); `inc(labels, 0)` creates the series at 0. An exemplar replaces the series' last one. */
  inc(values: LabelValues<L>, by = 1, exemplar?: Exemplar): void {
    if (by < 0) throw new Error(`${this.name}: a counter cannot decrease (got ${by})`);
    const suffix = exemplar === undefined ? undefined : exemplarSuffix(exemplar, by);
    const text = this.at(values);
    const series = this.series.get(text) ?? 0;
    if (typeof series !== 'number') {
      series.count += by;
      if (suffix !== undefined) series.exemplar = suffix;
    } else {
      this.series.set(text, suffix === undefined ? series + by : { count: series + by, exemplar: suffix });
    }
  }

  protected lines(text: string, series: CounterSeries, format: MetricsFormat): string {
    const line = super.lines(text, series, format);
    return format === 'openmetrics' && typeof series !== 'number' ? line + series.exemplar : line;
  }
}

export class GaugeFamily<L extends string> extends ScalarFamily<L, number> {
  readonly type = 'gauge';

  protected initial(): number {
    return 0;
  }

  protected valueOf(series: number): number {
    return series;
  }

  set(values: LabelValues<L>, value: number): void {
    this.series.set(this.at(values), value);
  }
}

interface HistogramSeries {
  readonly counts: number[];
  sum: number;
  count: number;
  /** Per bucket (+Inf last), the exemplar text of the last observation that fell into it; made with the first. */
  exemplars: (string | undefined)[] | undefined;
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
    // Every field from the start: one added later would move the series to a larger shape.
    return { counts: this.buckets.map(() => 0), sum: 0, count: 0, exemplars: undefined };
  }

  protected lines(text: string, series: HistogramSeries, format: MetricsFormat): string {
    const labels = text === '' ? '} ' : `,${text}} `;
    const exemplars = format === 'openmetrics' ? series.exemplars : undefined;
    let block = '';
    for (let i = 0; i < series.counts.length; i += 1) block += `${this.bucketHeads[i] ?? ''}${labels}${formatValue(series.counts[i] ?? 0)}${exemplars?.[i] ?? ''}\n`;
    const inf = series.counts.length;
    const plain = text === '' ? ' ' : `{${text}} `;
    return `${block}${this.bucketHeads[inf] ?? ''}${labels}${formatValue(series.count)}${exemplars?.[inf] ?? ''}\n${this.name}_sum${plain}${formatValue(series.sum)}\n${this.name}_count${plain}${formatValue(series.count)}`;
  }

  /** Creates the series with every bucket at 0. */
  zero(values: LabelValues<L>): void {
    this.at(values);
  }

  /** Counts `value`; an exemplar goes on the bucket the value fell into (the lowest that counts it). */
  observe(values: LabelValues<L>, value: number, exemplar?: Exemplar): void {
    const suffix = exemplar === undefined ? undefined : exemplarSuffix(exemplar, value);
    const series = this.series.get(this.at(values)) as HistogramSeries;
    let into = this.buckets.length;
    // Cumulative counts: every bucket at or above the value.
    for (let i = 0; i < this.buckets.length; i += 1) {
      if (!(value <= (this.buckets[i] ?? 0))) continue;
      series.counts[i] = (series.counts[i] ?? 0) + 1;
      if (into === this.buckets.length) into = i;
    }
    series.sum += value;
    series.count += 1;
    if (suffix !== undefined) {
      series.exemplars ??= Array.from<string | undefined>({ length: this.buckets.length + 1 });
      series.exemplars[into] = suffix;
    }
  }

  get(): Promise<FamilyValues> {
    const values: FamilyValues['values'] = [];
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

export interface WriteOptions {
  /** Default `text`, the page `registry.metrics()` gives. */
  readonly format?: MetricsFormat;
  /** Default 10 ms. */
  readonly sliceMs?: number;
}

/**
 * The registry's page in `format` (text: as `registry.metrics()` gives it), handed to `write` piece
 * by piece: the families above from their caches, any other prom-client metric through
 * prom-client. After each `sliceMs` of rendering the event loop gets a turn, so a 10,000-probe
 * render holds up a probe's start by about that much at most; a turn after every piece instead
 * would hand the render's time to every callback waiting at each of them. `write` may return a
 * promise (backpressure), which is awaited.
 */
export async function writeMetrics(registry: Registry, write: (text: string) => void | Promise<void>, options: WriteOptions = {}): Promise<void> {
  const format = options.format ?? 'text';
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  let sliceStart = performance.now();
  let first = true;
  for (const metric of registry.getMetricsAsArray() as readonly object[]) {
    const separator = first ? '' : FAMILY_SEPARATOR[format];
    first = false;
    if (metric instanceof Family) {
      let head = separator;
      for (const piece of metric.pieces(format)) {
        await write(head + piece);
        head = '\n';
        if (performance.now() - sliceStart >= sliceMs) {
          await nextTurn();
          sliceStart = performance.now();
        }
      }
    } else {
      const { name } = metric as { name: string };
      await write(separator + (format === 'text' ? await registry.getSingleMetricAsString(name) : await foreignFamily(registry, name)));
    }
  }
  await write(PAGE_END[format]);
}

/** The registry's whole page in `format` (text: as `registry.metrics()` gives it). */
export async function renderMetrics(registry: Registry, format: MetricsFormat = 'text'): Promise<string> {
  const parts: string[] = [];
  await writeMetrics(
    registry,
    (text) => {
      parts.push(text);
    },
    { format },
  );
  return parts.join('');
}

import type { Metric, Registry } from 'prom-client';
import { escapeLabelValue, familyHeader, parseLabelText, type MetricsFormat } from './exposition.ts';

export type LabelValues<L extends string> = Readonly<Record<L, string | number>>;

export interface FamilyOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly registers: readonly Registry[];
}

/** What prom-client's registry reads from a metric's `get()`. */
export interface FamilyValues {
  name: string;
  help: string;
  type: string;
  aggregator: 'sum';
  values: { labels: Record<string, string>; value: number; metricName?: string }[];
}

/** Series per piece of a rendered family: the event loop gets a turn between pieces. */
const SERIES_PER_PIECE = 2000;

/** One format's rendered pieces, and the version the previous render of that format started at. */
interface RenderState {
  cached: { readonly version: number; readonly pieces: readonly string[] } | undefined;
  lastRenderedVersion: number | undefined;
}

/**
 * A metric family that keeps one string per series, its label text as both exposition formats
 * write it, as the key of the family's map. A family that stays unchanged from scrape to scrape
 * answers the text it gave before, per format. It registers in a prom-client Registry and answers
 * `get()` in its shape, so `registry.metrics()` and other metrics still work.
 */
export abstract class Family<L extends string, S> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  /** Each series by its label text (`target="a",probe="b"`), which is also what its line prints. */
  protected readonly series = new Map<string, S>();
  /** Bumped by every change; a render keeps its pieces only when no change came while it ran. */
  private version = 0;
  private readonly renders: Record<MetricsFormat, RenderState> = {
    text: { cached: undefined, lastRenderedVersion: undefined },
    openmetrics: { cached: undefined, lastRenderedVersion: undefined },
  };

  constructor(options: FamilyOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    // prom-client's registry reads only name, help, type, get() and reset() from a metric.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  protected abstract initial(): S;
  /** The series' lines; OpenMetrics adds the exemplars. */
  protected abstract lines(text: string, series: S, format: MetricsFormat): string;
  abstract get(): Promise<FamilyValues>;

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
    this.renders.text.cached = undefined;
    this.renders.openmetrics.cached = undefined;
  }

  remove(values: LabelValues<L>): void {
    if (this.series.delete(this.textOf(values))) this.changed();
  }

  reset(): void {
    this.series.clear();
    this.changed();
  }

  /**
   * The family in `format`, in pieces of a few thousand series (joined with newlines they are the
   * family's text). A family's first render, and any render with no change since the previous one
   * of the same format, keeps its pieces: they come back without building anything until the
   * family's next change.
   */
  *pieces(format: MetricsFormat = 'text'): Generator<string, void, undefined> {
    const state = this.renders[format];
    if (state.cached?.version === this.version) {
      yield* state.cached.pieces;
      return;
    }
    const startedAt = this.version;
    // Only a family that did not change since the previous render keeps its text: one that changes
    // between scrapes (a probe's own series, at every run) would hold it only until its next change,
    // yet long enough for the garbage collector to move it all to the old generation.
    const quiet = state.lastRenderedVersion === undefined || startedAt === state.lastRenderedVersion;
    state.lastRenderedVersion = startedAt;
    const done: string[] = [familyHeader(this.name, this.help, this.type, format)];
    yield done[0] as string;
    let lines: string[] = [];
    for (const [text, series] of this.series) {
      lines.push(this.lines(text, series, format));
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
    state.cached = quiet && this.version === startedAt ? { version: startedAt, pieces: done } : undefined;
  }

  /** The whole family's text in `format`. */
  render(format: MetricsFormat = 'text'): string {
    return [...this.pieces(format)].join('\n');
  }
}

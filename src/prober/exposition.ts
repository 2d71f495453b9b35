/**
 * How the two exposition formats spell a metric family: Prometheus' text format 0.0.4 and
 * OpenMetrics 1.0 (https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md).
 * They differ in a counter family's name (`# TYPE x counter` over `x_total` samples in OpenMetrics),
 * in the HELP escaping, in exemplars (OpenMetrics only), in the blank line between families (text
 * only) and in the `# EOF` that ends an OpenMetrics page.
 */

export const METRICS_FORMATS = ['text', 'openmetrics'] as const;
export type MetricsFormat = (typeof METRICS_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<MetricsFormat, string>> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

/** What a format puts between two families and after the last one. */
export const FAMILY_SEPARATOR: Readonly<Record<MetricsFormat, string>> = { text: '\n\n', openmetrics: '\n' };
export const PAGE_END: Readonly<Record<MetricsFormat, string>> = { text: '\n', openmetrics: '\n# EOF\n' };

/** OpenMetrics versions this page is: 1.0.0, and 0.0.1, the draft Prometheus still names beside it. */
const OPENMETRICS_VERSIONS: ReadonlySet<string> = new Set(['1.0.0', '0.0.1']);

/**
 * The format an `Accept` header asks for: OpenMetrics when it accepts `application/openmetrics-text`
 * (of a version this page is) at least as much as `text/plain`, as Prometheus' scrape does; else text.
 */
export function negotiateFormat(accept: string | undefined): MetricsFormat {
  let openmetrics = 0;
  let text = 0;
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim());
    const param = (name: string): string | undefined => params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
    const q = Number(param('q') ?? '1');
    if (!Number.isFinite(q)) continue;
    const version = param('version');
    const mediaType = type.toLowerCase();
    if (mediaType === 'application/openmetrics-text' && (version === undefined || OPENMETRICS_VERSIONS.has(version))) openmetrics = Math.max(openmetrics, q);
    if (mediaType === 'text/plain') text = Math.max(text, q);
  }
  return openmetrics > 0 && openmetrics >= text ? 'openmetrics' : 'text';
}

const NEEDS_ESCAPE = /[\\\n"]/;

/** A label value as both formats escape it: backslash, newline, double quote. */
export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The labels of a label text (`a="1",b="2"`), unescaped. */
export function parseLabelText(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(LABEL_PAIR)) {
    labels[name as string] = (value as string).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * The family's name in `# HELP` and `# TYPE`: OpenMetrics names a counter family without the
 * `_total` its samples carry.
 */
export function familyName(name: string, type: string, format: MetricsFormat): string {
  return format === 'openmetrics' && type === 'counter' ? name.replace(/_total$/, '') : name;
}

/** `# HELP` and `# TYPE`; OpenMetrics escapes a double quote in the help too. */
export function familyHeader(name: string, help: string, type: string, format: MetricsFormat): string {
  let escaped = help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  if (format === 'openmetrics') escaped = escaped.replace(/"/g, '\\"');
  const family = familyName(name, type, format);
  return `# HELP ${family} ${escaped}\n# TYPE ${family} ${type}`;
}

/** A sample's link to one event that counted in it: a run of a probe, named by its id. */
export interface Exemplar {
  /** The exemplar's own labels, e.g. `{ run_id: 'k3x-1f' }`: at most 128 characters of names and values together. */
  readonly labels: Readonly<Record<string, string>>;
  /** Epoch milliseconds of the event. */
  readonly timestamp: number;
  /** The event's value; left out, the observed value (histogram) or the increment (counter). */
  readonly value?: number;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** OpenMetrics: "The combined length of the label names and values of an Exemplar's LabelSet MUST NOT exceed 128 UTF-8 character code points." */
const EXEMPLAR_LABELS_MAX = 128;

/**
 * What OpenMetrics writes after a sample for its exemplar: ` # {run_id="k3x-1f"} 0.42 1733467200.123`.
 * Kept as this one string per sample, the smallest form that renders without work.
 */
export function exemplarSuffix(exemplar: Exemplar, observed: number): string {
  if (lastSuffix !== undefined && sameExemplar(lastSuffix.exemplar, lastSuffix.observed, exemplar, observed)) return lastSuffix.text;
  let length = 0;
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(exemplar.labels)) {
    if (!LABEL_NAME.test(name)) throw new RangeError(`exemplar label name ${JSON.stringify(name)} is not a label name (expected [a-zA-Z_][a-zA-Z0-9_]*)`);
    length += [...name].length + [...value].length;
    pairs.push(`${name}="${escapeLabelValue(value)}"`);
  }
  if (length > EXEMPLAR_LABELS_MAX) {
    throw new RangeError(`exemplar labels ${JSON.stringify(exemplar.labels)} are ${length} characters long (expected at most ${EXEMPLAR_LABELS_MAX}, OpenMetrics)`);
  }
  // join() makes one flat string; a template literal would keep a tree of its parts for as long as the exemplar.
  const text = [' # {', pairs.join(','), '} ', formatValue(exemplar.value ?? observed), ' ', formatValue(exemplar.timestamp / 1000)].join('');
  lastSuffix = { exemplar, observed, text };
  return text;
}

/**
 * The suffix written last: a failed run's exemplar goes on its outcome's counter and on its
 * reason's with the same text, which 10,000 failing probes then hold once instead of twice.
 */
let lastSuffix: { readonly exemplar: Exemplar; readonly observed: number; readonly text: string } | undefined;

function sameExemplar(a: Exemplar, aObserved: number, b: Exemplar, bObserved: number): boolean {
  if (a.timestamp !== b.timestamp || (a.value ?? aObserved) !== (b.value ?? bObserved)) return false;
  const names = Object.keys(a.labels);
  return names.length === Object.keys(b.labels).length && names.every((name) => a.labels[name] === b.labels[name]);
}

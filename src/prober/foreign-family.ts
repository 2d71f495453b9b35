import type { Registry } from 'prom-client';
import { escapeLabelValue, familyHeader, familyName, formatValue } from './exposition.ts';

/** What a prom-client metric's `get()` answers, as far as an OpenMetrics page needs it. */
interface ForeignValues {
  readonly name: string;
  readonly help: string;
  /** `counter`, `gauge`, `histogram` or `summary` at run time (prom-client's typings say a number). */
  readonly type: unknown;
  readonly values?: readonly {
    readonly value: number;
    readonly labels: Readonly<Record<string, string | number | undefined>>;
    readonly metricName?: string;
    /** prom-client's exemplar: its label set, value and Unix time in seconds. */
    readonly exemplar?: { readonly labelSet: Readonly<Record<string, string>>; readonly value: number; readonly timestamp: number } | null;
  }[];
}

function labelText(labels: Readonly<Record<string, string | number | undefined>>): string {
  const pairs = Object.entries(labels)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}="${escapeLabelValue(String(value))}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/**
 * A prom-client metric of the registry (one that is not one of the prober's own families) in
 * OpenMetrics. prom-client renders OpenMetrics only for a whole registry of that content type,
 * and renames every counter it renders there for good (`x_total` becomes `x`), which the text
 * page of the same registry would then show; so the page is written here from its `get()`.
 */
export async function foreignFamily(registry: Registry, name: string): Promise<string> {
  const metric = registry.getSingleMetric(name) as unknown as { get(): Promise<ForeignValues> };
  const data = await metric.get();
  const type = String(data.type);
  const lines = [familyHeader(data.name, data.help, type, 'openmetrics')];
  const family = familyName(data.name, type, 'openmetrics');
  for (const value of data.values ?? []) {
    const sample = value.metricName ?? (type === 'counter' ? `${family}_total` : data.name);
    let line = `${sample}${labelText(value.labels)} ${formatValue(value.value)}`;
    const exemplar = value.exemplar;
    if (exemplar !== undefined && exemplar !== null && Object.keys(exemplar.labelSet).length > 0) {
      line += ` # ${labelText(exemplar.labelSet)} ${formatValue(exemplar.value)} ${formatValue(exemplar.timestamp)}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

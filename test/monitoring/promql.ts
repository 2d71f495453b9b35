import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const MONITORING_DIR = fileURLToPath(new URL('../../monitoring/', import.meta.url));
export const RULES_FILE = `${MONITORING_DIR}prometheus/rules.yml`;
export const RULES_TEST_FILE = `${MONITORING_DIR}prometheus/rules.test.yml`;
/** Which series may appear on first use and which must exist at 0 (rate() needs two samples). */
export const LATE_SERIES_TEST_FILE = `${MONITORING_DIR}prometheus/late-series.test.yml`;
export const PROMETHEUS_CONFIG = `${MONITORING_DIR}prometheus/prometheus.yml`;
/** The multi-target exporter example: Prometheus asks GET /probe, hashmod picks the replica. */
export const PROMETHEUS_PROBE_CONFIG = `${MONITORING_DIR}prometheus/prometheus-probe.yml`;
export const DASHBOARD_FILE = `${MONITORING_DIR}grafana/gwscheck.json`;

/** The prober's metric families: their names are fixed, because dashboards and alert rules depend on them. */
export const PROBER_COUNTERS_AND_GAUGES = [
  'gwscheck_probe_success',
  'gwscheck_probe_applicable',
  'gwscheck_probe_runs_total',
  'gwscheck_probe_failures_total',
  'gwscheck_probe_status_code_total',
  'gwscheck_probe_schema_violations_total',
  'gwscheck_probe_drift_total',
  'gwscheck_probe_http_phase_seconds',
  'gwscheck_probe_last_run_timestamp_seconds',
  'gwscheck_probe_last_success_timestamp_seconds',
  'gwscheck_probe_interval_seconds',
  'gwscheck_probe_skipped_runs_total',
  'gwscheck_probe_connections_total',
  'gwscheck_state_restore_failures_total',
  'gwscheck_call_probe_runs_total',
  'gwscheck_call_probe_last_run_timestamp_seconds',
  'gwscheck_call_probe_last_success_timestamp_seconds',
  'gwscheck_call_probe_interval_seconds',
  'gwscheck_call_cleanup_failures_total',
  'gwscheck_chat_probe_runs_total',
  'gwscheck_chat_probe_last_run_timestamp_seconds',
  'gwscheck_chat_probe_last_success_timestamp_seconds',
  'gwscheck_chat_probe_interval_seconds',
  'gwscheck_chat_cleanup_failures_total',
  'gwscheck_target_info',
  'gwscheck_target_feature_enabled',
  'gwscheck_tls_cert_not_after_timestamp_seconds',
  'gwscheck_build_info',
] as const;
export const PROBER_HISTOGRAMS = [
  'gwscheck_probe_duration_seconds',
  'gwscheck_state_change_settle_seconds',
  'gwscheck_call_setup_seconds',
  'gwscheck_call_teardown_seconds',
  'gwscheck_chat_delivery_seconds',
  'gwscheck_chat_message_seconds',
] as const;

/** Every series name the prober exports, with the histograms' _bucket/_sum/_count, and Prometheus' `up`. */
export const EXPORTED_SERIES: ReadonlySet<string> = new Set([
  ...PROBER_COUNTERS_AND_GAUGES,
  ...PROBER_HISTOGRAMS.flatMap((name) => [`${name}_bucket`, `${name}_sum`, `${name}_count`]),
  'up',
]);

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
type Rule = RecordingRule | AlertingRule;

export interface RuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly Rule[] }[];
}

export function readRules(file = RULES_FILE): { recording: RecordingRule[]; alerting: AlertingRule[] } {
  const parsed = parseYaml(readFileSync(file, 'utf8')) as RuleFile;
  const rules = parsed.groups.flatMap((g) => g.rules);
  return {
    recording: rules.filter((r): r is RecordingRule => 'record' in r),
    alerting: rules.filter((r): r is AlertingRule => 'alert' in r),
  };
}

/** Words of PromQL that look like metric names but are operators or modifiers. */
const KEYWORDS = new Set([
  'and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'inf', 'nan', 'atan2', 'start', 'end',
]);

/**
 * The metric names a PromQL expression reads. Strings, label matchers, ranges and grouping label
 * lists are removed first; what remains and is not followed by "(" (a function or aggregation) or
 * a keyword is a metric name. Grafana variables must be substituted before.
 */
export function metricNames(expr: string): Set<string> {
  if (expr.includes('$') || expr.includes('[[')) throw new Error(`unsubstituted variable in: ${expr}`);
  let s = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  s = s.replace(/\{[^{}]*\}/g, ' ');
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  s = s.replace(/\boffset\s+-?\w+/g, ' ');
  const names = new Set<string>();
  for (const match of s.matchAll(/(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    const rest = s.slice((match.index ?? 0) + word.length);
    if (/^\s*\(/.test(rest)) continue;
    if (KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return names;
}

/** Values for Grafana's variables, as a test fills them in. */
export interface VariableValues {
  readonly target: string;
  readonly probe: string;
  /** e.g. "5s": what Grafana would make of $__rate_interval at this scrape interval. */
  readonly rateInterval: string;
  readonly interval: string;
  readonly range: string;
}

/** Replaces $var, ${var}, ${var:format} and [[var]] the way Grafana does for a Prometheus query. */
export function substituteVariables(expr: string, values: VariableValues): string {
  const table: Record<string, string> = {
    __rate_interval: values.rateInterval,
    __interval: values.interval,
    __range: values.range,
    target: values.target,
    probe: values.probe,
  };
  const lookup = (name: string): string => {
    const value = table[name];
    if (value === undefined) throw new Error(`unknown dashboard variable $${name} in: ${expr}`);
    return value;
  };
  return expr
    .replace(/\$\{(\w+)(?::\w+)?\}/g, (_, name: string) => lookup(name))
    .replace(/\[\[(\w+)\]\]/g, (_, name: string) => lookup(name))
    .replace(/\$(\w+)/g, (_, name: string) => lookup(name));
}

export interface PanelQuery {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
  readonly instant: boolean;
}

interface DashboardPanel {
  readonly title?: string;
  readonly type?: string;
  readonly targets?: readonly { readonly refId?: string; readonly expr?: string; readonly instant?: boolean; readonly range?: boolean }[];
  readonly panels?: readonly DashboardPanel[];
}
export interface Dashboard {
  readonly schemaVersion: number;
  readonly panels: readonly DashboardPanel[];
  readonly templating: {
    readonly list: readonly {
      readonly name: string;
      readonly type: string;
      readonly query?: string | { readonly query: string };
      readonly multi?: boolean;
      readonly includeAll?: boolean;
      readonly datasource?: { readonly type?: string; readonly uid?: string };
    }[];
  };
}

export function readDashboard(file = DASHBOARD_FILE): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every query of every panel (rows' nested panels included), in dashboard order. */
export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  const out: PanelQuery[] = [];
  const visit = (panels: readonly DashboardPanel[]): void => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr === undefined) continue;
        out.push({
          panel: panel.title ?? '(untitled)',
          refId: target.refId ?? '?',
          expr: target.expr,
          instant: target.instant === true && target.range !== true,
        });
      }
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels);
  return out;
}

/** `label_values(SELECTOR, LABEL)` of a query variable, split in its two parts. */
export function labelValuesQuery(query: string): { selector: string; label: string } {
  const match = /^\s*label_values\(\s*(.+?)\s*,\s*(\w+)\s*\)\s*$/.exec(query);
  if (match === null) throw new Error(`variable query is not label_values(selector, label): ${query}`);
  return { selector: match[1] as string, label: match[2] as string };
}

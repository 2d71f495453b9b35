import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { PROMTOOL_BIN } from '../tools.ts';
import { runCommand } from './prometheus-harness.ts';
import {
  DASHBOARD_FILE,
  EXPORTED_SERIES,
  LATE_SERIES_TEST_FILE,
  labelValuesQuery,
  metricNames,
  panelQueries,
  PROMETHEUS_CONFIG,
  PROMETHEUS_PROBE_CONFIG,
  readDashboard,
  readRules,
  RULES_FILE,
  RULES_TEST_FILE,
  substituteVariables,
  type VariableValues,
} from './promql.ts';

const { recording, alerting } = readRules();
const recorded = new Set(recording.map((r) => r.record));
const known = new Set([...EXPORTED_SERIES, ...recorded]);
const alertNames = [...new Set(alerting.map((a) => a.alert))];

const GRAFANA_VALUES: VariableValues = { target: '.*', probe: '.*', rateInterval: '1m', interval: '15s', range: '6h' };

function unknownNames(expr: string): string[] {
  return [...metricNames(expr)].filter((name) => !known.has(name));
}

describe('promtool', () => {
  it('check rules accepts rules.yml', async () => {
    const result = await runCommand(PROMTOOL_BIN, ['check', 'rules', RULES_FILE]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('test rules passes every case of rules.test.yml', async () => {
    const result = await runCommand(PROMTOOL_BIN, ['test', 'rules', RULES_TEST_FILE], dirname(RULES_TEST_FILE));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });

  it('check config accepts the multi-target example prometheus-probe.yml', async () => {
    const result = await runCommand(PROMTOOL_BIN, ['check', 'config', PROMETHEUS_PROBE_CONFIG]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('1 rule files found');
  });

  it('test rules passes late-series.test.yml: what rate() misses on a series created on first use', async () => {
    const result = await runCommand(PROMTOOL_BIN, ['test', 'rules', LATE_SERIES_TEST_FILE], dirname(LATE_SERIES_TEST_FILE));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });

  it('check config accepts the example prometheus.yml and finds the rules beside it', async () => {
    const result = await runCommand(PROMTOOL_BIN, ['check', 'config', PROMETHEUS_CONFIG]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('1 rule files found');
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });
});

describe('rules.test.yml covers rules.yml', () => {
  const tests = (parseYaml(readFileSync(RULES_TEST_FILE, 'utf8')) as {
    rule_files: string[];
    tests: {
      alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
      promql_expr_test?: { expr: string; exp_samples?: unknown[] }[];
    }[];
  }).tests;
  const alertCases = tests.flatMap((t) => t.alert_rule_test ?? []);

  it.each(alertNames)('%s has a firing case and a quiet case', (name) => {
    const cases = alertCases.filter((c) => c.alertname === name);
    expect(cases.some((c) => (c.exp_alerts ?? []).length > 0), `no case where ${name} fires`).toBe(true);
    expect(cases.some((c) => (c.exp_alerts ?? []).length === 0), `no case where ${name} stays quiet`).toBe(true);
  });

  it('checks the value of every recording rule', () => {
    const checked = new Set(
      tests.flatMap((t) => t.promql_expr_test ?? []).filter((c) => (c.exp_samples ?? []).length > 0).flatMap((c) => [...metricNames(c.expr)]),
    );
    expect([...recorded].filter((name) => !checked.has(name))).toEqual([]);
  });

  it('tests no alert that rules.yml does not define', () => {
    expect(alertCases.map((c) => c.alertname).filter((name) => !alertNames.includes(name))).toEqual([]);
  });
});

describe('rules.yml', () => {
  it('defines the alerts the runbooks describe', () => {
    expect(alertNames.sort()).toEqual(
      [
        'GwscheckAdditiveDrift',
        'GwscheckCallCleanupFailed',
        'GwscheckCertificateExpiresSoon',
        'GwscheckChatCleanupFailed',
        'GwscheckContractDrift',
        'GwscheckErrorBudgetFastBurn',
        'GwscheckErrorBudgetSlowBurn',
        'GwscheckFeatureDisabled',
        'GwscheckLatencyBudgetExceeded',
        'GwscheckProbeFailing',
        'GwscheckProbeStale',
        'GwscheckProberDown',
        'GwscheckStateRestoreFailed',
        'GwscheckSyntheticCallFailing',
        'GwscheckSyntheticChatFailing',
        'GwscheckTargetDown',
      ].sort(),
    );
  });

  it.each(alerting.map((a, i) => [`${a.alert} #${i}`, a] as const))('%s has severity, summary, description and runbook', (_, rule) => {
    expect(['critical', 'warning']).toContain(rule.labels?.['severity']);
    const { summary, description, runbook_url: runbook } = rule.annotations ?? {};
    expect(summary).toBeTruthy();
    expect(description).toBeTruthy();
    expect(runbook).toBe(`https://github.com/gwscheck/gwscheck#runbook-${rule.alert.toLowerCase()}`);
    // Name what is broken: the probe and its target, the target (a whole node, its certificate or its
    // one call or chat probe), a feature and its target, or the prober for a scrape failure.
    const targetOnly = [
      'GwscheckTargetDown',
      'GwscheckCertificateExpiresSoon',
      'GwscheckSyntheticCallFailing',
      'GwscheckCallCleanupFailed',
      'GwscheckSyntheticChatFailing',
      'GwscheckChatCleanupFailed',
    ];
    const names =
      rule.alert === 'GwscheckProberDown'
        ? ['$labels.instance']
        : rule.alert === 'GwscheckFeatureDisabled'
          ? ['$labels.target', '$labels.feature']
          : targetOnly.includes(rule.alert)
            ? ['$labels.target']
            : ['$labels.target', '$labels.probe'];
    for (const label of names) {
      expect(summary).toContain(label);
      expect(description).toContain(label);
    }
  });

  // A failing probe's alert leads to the probe's page on the prober, where its failed runs show
  // the exchange; a target's to the prober's list of probes. Not a probe's failure: no page.
  it.each(alerting.map((a, i) => [`${a.alert} #${i}`, a] as const))('%s links the page of what failed on the prober that runs it', (_, rule) => {
    const noPage = ['GwscheckProberDown', 'GwscheckFeatureDisabled', 'GwscheckCertificateExpiresSoon'];
    const annotations = rule.annotations ?? {};
    if (noPage.includes(rule.alert)) {
      expect(Object.keys(annotations).filter((key) => key.endsWith('_page'))).toEqual([]);
      return;
    }
    const page = rule.alert === 'GwscheckTargetDown' ? annotations['probes_page'] : annotations['probe_page'];
    // The prober is looked up by the instance of a series that comes from its /metrics, never from
    // the alert's own labels: the rules aggregate `instance` away. Of several probers exporting the
    // series (replicas of the /probe pattern declare every probe), the one that ran it most.
    expect(page).toMatch(/^\{\{ with printf `topk\(1, sum by \(instance\) \(gwscheck_\w+_total\{target=%q(,probe=%q)?\}\)\)` \$labels\.target( \$labels\.probe)? \| query \}\}\{\{ with \. \| first \| label "instance" \}\}http:\/\/\{\{ \. \}\}\/probes/);
    expect(page).not.toContain('$labels.instance');
    const lookedUp = /\(([a-z_]+)\{/.exec(page ?? '')?.[1] ?? '';
    expect(EXPORTED_SERIES.has(lookedUp), lookedUp).toBe(true);
  });

  it.each([...recording, ...alerting].map((r) => ['record' in r ? r.record : r.alert, r.expr] as const))(
    '%s reads only exported metrics and recorded series',
    (_, expr) => {
      expect(unknownNames(expr)).toEqual([]);
    },
  );
});

describe('the Grafana dashboard', () => {
  const dashboard = readDashboard();
  const queries = panelQueries(dashboard);

  it('is for Grafana 10+ with a Prometheus data source variable and multi-value target and probe variables', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(38);
    const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.get('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const [name, query] of [
      ['target', 'label_values(gwscheck_probe_success, target)'],
      ['probe', 'label_values(gwscheck_probe_success{target=~"$target"}, probe)'],
    ] as const) {
      const variable = vars.get(name);
      expect(variable).toMatchObject({ type: 'query', multi: true, includeAll: true, datasource: { type: 'prometheus', uid: '${datasource}' } });
      const text = typeof variable?.query === 'string' ? variable.query : variable?.query?.query;
      expect(text).toBe(query);
    }
  });

  it('has the panels the monitoring section describes, each on the data source variable', () => {
    const raw = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as {
      panels: { type: string; title: string; datasource?: { uid?: string } }[];
    };
    const panels = raw.panels.filter((p) => p.type !== 'row');
    for (const panel of panels) expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
    expect(panels.map((p) => p.title)).toEqual(
      expect.arrayContaining([
        'Availability (30 days)',
        'Error budget remaining (30 days)',
        'Availability over time',
        'Latency percentiles',
        'Latency heatmap',
        'Outcomes over time',
        'Why probes fail',
        'GWS statusCodes',
        'Schema violations by keyword',
        'Contract drift by grade',
        'State-change settle time',
        'Synthetic calls',
        'Synthetic chats',
        'HTTP phases (last run)',
        'Target version',
        'Probe staleness',
      ]),
    );
    expect(panels.find((p) => p.title === 'Latency heatmap')?.type).toBe('heatmap');
  });

  it.each(queries.map((q) => [`${q.panel} ${q.refId}`, q] as const))('%s reads only exported metrics and recorded series', (_, q) => {
    expect(unknownNames(substituteVariables(q.expr, GRAFANA_VALUES))).toEqual([]);
  });

  it('variable queries read only exported metrics', () => {
    for (const v of dashboard.templating.list.filter((x) => x.type === 'query')) {
      const text = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
      const { selector } = labelValuesQuery(text);
      expect(unknownNames(substituteVariables(selector, GRAFANA_VALUES))).toEqual([]);
    }
  });
});

describe('the metric-name check itself', () => {
  it('finds metric names and skips functions, keywords, labels, strings and ranges', () => {
    const expr = substituteVariables(
      'sum by (le, outcome) (rate(gwscheck_probe_runs_total{target=~"$target",probe=~"${probe}",outcome!="up"}[$__rate_interval] offset 5m)) / on (target) group_left () (1 - gwscheck:slo_objective:ratio) > bool 1e3 or vector(0) and time() - foo_bar unless histogram_quantile(0.9, x_bucket)',
      GRAFANA_VALUES,
    );
    expect([...metricNames(expr)].sort()).toEqual(['foo_bar', 'gwscheck:slo_objective:ratio', 'gwscheck_probe_runs_total', 'x_bucket']);
  });

  it('reports a name that neither the prober nor a rule provides', () => {
    expect(unknownNames('rate(gwscheck_probe_runs{outcome="success"}[5m]) + up')).toEqual(['gwscheck_probe_runs']);
  });

  it('refuses a variable it does not know', () => {
    expect(() => substituteVariables('x{a="$nope"}', GRAFANA_VALUES)).toThrow(/\$nope/);
    expect(() => metricNames('x[$__rate_interval]')).toThrow(/unsubstituted/);
  });
});

// The dashboard against Grafana's own types (@grafana/schema) and the rules of Grafana's
// dashboard-linter that fit a dashboard keyed by `target` and `probe`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { typeCheck } from '../typecheck.ts';
import { GRAFANA_UNITS } from './grafana-units.ts';
import { DASHBOARD_FILE, MONITORING_DIR, readRules } from './promql.ts';

const DATASOURCES_FILE = `${MONITORING_DIR}grafana/provisioning/datasources.yml`;
const SLO_SERIES = 'gwscheck:slo_objective:ratio';

interface DataSourceRef {
  readonly type?: string;
  readonly uid?: string;
}
interface Target {
  readonly refId?: string;
  readonly expr?: string;
  readonly exemplar?: boolean;
  readonly datasource?: DataSourceRef;
}
interface Property {
  readonly id: string;
  readonly value?: unknown;
}
interface RawPanel {
  readonly id: number;
  readonly type: string;
  readonly title?: string;
  readonly description?: string;
  readonly datasource?: DataSourceRef;
  readonly targets?: readonly Target[];
  readonly options?: Record<string, unknown> & { readonly yAxis?: { readonly unit?: string } };
  readonly fieldConfig?: {
    readonly defaults: { readonly unit?: string; readonly custom?: Record<string, unknown>; readonly thresholds?: { readonly steps: readonly { readonly value: number | null }[] } };
    readonly overrides: readonly { readonly properties: readonly Property[] }[];
  };
  readonly panels?: readonly RawPanel[];
}
interface RawVariable {
  readonly name: string;
  readonly label?: string;
  readonly type: string;
  readonly query?: unknown;
  readonly refresh?: number;
  readonly datasource?: DataSourceRef;
  readonly current?: { readonly value?: unknown };
}
interface RawDashboard {
  readonly title: string;
  readonly panels: readonly RawPanel[];
  readonly templating: { readonly list: readonly RawVariable[] };
}

const text = readFileSync(DASHBOARD_FILE, 'utf8');
const dashboard = JSON.parse(text) as RawDashboard;
const allPanels = (panels: readonly RawPanel[]): RawPanel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
const panels = allPanels(dashboard.panels).filter((p) => p.type !== 'row');
const named = (p: RawPanel): string => `${p.title ?? '(untitled)'} (#${p.id})`;

/** Panel types whose options and custom field config @grafana/schema describes, by module. */
const PANEL_TYPES: Record<string, { readonly module: string; readonly custom: boolean }> = {
  stat: { module: 'stat/panelcfg/x/StatPanelCfg_types.gen', custom: false },
  timeseries: { module: 'timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen', custom: true },
  table: { module: 'table/panelcfg/x/TablePanelCfg_types.gen', custom: true },
  bargauge: { module: 'bargauge/panelcfg/x/BarGaugePanelCfg_types.gen', custom: false },
  heatmap: { module: 'heatmap/panelcfg/x/HeatmapPanelCfg_types.gen', custom: true },
};

/**
 * A .ts file that assigns the dashboard to @grafana/schema's `Dashboard` and each panel's options
 * (and custom field config) to its panel type's `Options` (and `FieldConfig`). Options may leave
 * out top-level keys (Grafana fills defaults), but what is there must be complete and well-typed.
 */
function dashboardSource(json: RawDashboard): string {
  const types = Object.entries(PANEL_TYPES);
  const imports = types.map(
    ([type, { module, custom }]) =>
      `import type { Options as ${type}Options${custom ? `, FieldConfig as ${type}FieldConfig` : ''} } from '@grafana/schema/dist/esm/raw/composable/${module}';`,
  );
  const checks = allPanels(json.panels)
    .filter((p) => p.type !== 'row')
    .map((p) => {
      const known = PANEL_TYPES[p.type];
      if (known === undefined) return `export const panel${p.id}: never = ${JSON.stringify(p.type)}; // no @grafana/schema type for this panel type`;
      const customType = known.custom ? `; readonly fieldConfig: { readonly defaults: { readonly custom?: Json<Partial<${p.type}FieldConfig>> } }` : '';
      const custom = known.custom ? `, fieldConfig: { defaults: ${JSON.stringify(p.fieldConfig?.defaults.custom === undefined ? {} : { custom: p.fieldConfig.defaults.custom })} }` : '';
      return `export const panel${p.id}: { readonly options: Json<Partial<${p.type}Options>>${customType} } = { options: ${JSON.stringify(p.options ?? {})}${custom} };`;
    });
  return [
    `import type { Dashboard } from '@grafana/schema';`,
    ...imports,
    `import type { Json } from './json.ts';`,
    `export const dashboard: Json<Dashboard> = ${JSON.stringify(json)};`,
    ...checks,
    '',
  ].join('\n');
}

describe('the dashboard against @grafana/schema', () => {
  it('type-checks as a Dashboard, each panel against its panel type; a dashboard with the old heatmap tooltip does not', async () => {
    const heatmap = dashboard.panels.find((p) => p.type === 'heatmap');
    expect(heatmap, 'the dashboard has a heatmap').toBeDefined();
    // The same dashboard with the pre-Grafana-10 heatmap tooltip `{ show: true }`: proves the check can fail.
    const old = { ...dashboard, panels: dashboard.panels.map((p) => (p === heatmap ? { ...p, options: { ...p.options, tooltip: { show: true } } } : p)) };
    const result = await typeCheck({ 'dashboard.ts': dashboardSource(dashboard), 'old-heatmap.ts': dashboardSource(old) });
    expect(result.errors.get('dashboard.ts') ?? [], result.output).toEqual([]);
    const oldErrors = (result.errors.get('old-heatmap.ts') ?? []).join('\n');
    expect(oldErrors).toMatch(/show/);
    expect(oldErrors).toMatch(new RegExp(`panel${heatmap?.id ?? '?'}\\b|HeatmapTooltip|mode`));
    expect(result.errors.size, result.output).toBe(1);
  }, 120_000);
});

describe('the dashboard-linter rules that fit', () => {
  it('template-datasource-rule: one data source variable, named "datasource", labelled "Data source", for Prometheus', () => {
    const variables = dashboard.templating.list.filter((v) => v.type === 'datasource');
    expect(variables.map((v) => [v.name, v.label, v.query])).toEqual([['datasource', 'Data source', 'prometheus']]);
  });

  it('panel-datasource-rule: every panel, every query and every query variable uses ${datasource}', () => {
    const wrong: string[] = [];
    const templated = new Set(['${datasource}', '$datasource']);
    for (const panel of panels) {
      if (!templated.has(panel.datasource?.uid ?? '')) wrong.push(`${named(panel)} panel: ${JSON.stringify(panel.datasource)}`);
      for (const target of panel.targets ?? []) {
        if (!templated.has(target.datasource?.uid ?? '')) wrong.push(`${named(panel)} ${target.refId ?? '?'}: ${JSON.stringify(target.datasource)}`);
      }
    }
    for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
      if (!templated.has(variable.datasource?.uid ?? '')) wrong.push(`variable ${variable.name}: ${JSON.stringify(variable.datasource)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('panel-no-targets-rule: every panel has a query', () => {
    expect(panels.filter((p) => (p.targets ?? []).length === 0).map(named)).toEqual([]);
  });

  it('panel-title-description-rule: every panel has a title and a description', () => {
    expect(panels.filter((p) => !p.title || !p.description).map(named)).toEqual([]);
  });

  it('panel-units-rule: every panel has a unit, and every unit (defaults, overrides, heatmap axis) is a Grafana unit id', () => {
    const invalid: string[] = [];
    for (const panel of panels) {
      const units = [
        panel.fieldConfig?.defaults.unit,
        panel.options?.yAxis?.unit,
        ...(panel.fieldConfig?.overrides ?? []).flatMap((o) => o.properties.filter((p) => p.id === 'unit').map((p) => String(p.value))),
      ].filter((unit): unit is string => unit !== undefined);
      if (units.length === 0) invalid.push(`${named(panel)}: no unit`);
      for (const unit of units) if (!GRAFANA_UNITS.has(unit)) invalid.push(`${named(panel)}: "${unit}"`);
    }
    expect(invalid).toEqual([]);
  });

  it('the unit check rejects what Grafana does not know', () => {
    expect(GRAFANA_UNITS.has('x')).toBe(false);
    expect(GRAFANA_UNITS.has('percentunit')).toBe(true);
  });

  it('no deprecated (Angular) panel types', () => {
    const deprecated = new Set(['graph', 'singlestat', 'table-old', 'grafana-singlestat-panel', 'grafana-piechart-panel', 'grafana-worldmap-panel']);
    expect(allPanels(dashboard.panels).filter((p) => deprecated.has(p.type)).map((p) => `${named(p)}: ${p.type}`)).toEqual([]);
  });

  it('target-rate-interval-rule: rate and increase use $__rate_interval', () => {
    const wrong = panels.flatMap((p) =>
      (p.targets ?? [])
        .filter((t) => /\b(?:rate|irate|increase)\s*\(/.test(t.expr ?? '') && /\[(?!\$__rate_interval\])[^\]]*\]/.test(t.expr ?? ''))
        .map((t) => `${named(p)} ${t.refId ?? '?'}: ${t.expr ?? ''}`),
    );
    expect(wrong).toEqual([]);
  });

  it('template-on-time-change-reload-rule: query variables refresh when the time range changes', () => {
    expect(dashboard.templating.list.filter((v) => v.type === 'query' && v.refresh !== 2).map((v) => v.name)).toEqual([]);
  });

  // The linter's job/instance rules are for dashboards keyed by scrape target. Here `instance` is a
  // prober replica, which --shard makes irrelevant to a GWS node's series; the node is `target`.
  it('every query of a per-node series selects target=~"$target"', () => {
    const global = new Set([SLO_SERIES, 'up', 'gwscheck_build_info']);
    const wrong = panels.flatMap((p) =>
      (p.targets ?? [])
        .filter((t) => {
          const expr = t.expr ?? '';
          const series = [...expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/\b(?:gwscheck|target_probe)[\w:]*/g)].map((m) => m[0]).filter((name) => !global.has(name));
          return series.length > 0 && !expr.includes('target=~"$target"');
        })
        .map((t) => `${named(p)} ${t.refId ?? '?'}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe('the SLO in the dashboard', () => {
  const objective = Number(/vector\(([\d.]+)\)/.exec(readRules().recording.find((r) => r.record === SLO_SERIES)?.expr ?? '')?.[1]);

  it('is read from the recorded objective, never written into a threshold', () => {
    expect(objective).toBeGreaterThan(0);
    const hardCoded = panels.filter((p) => (p.fieldConfig?.defaults.thresholds?.steps ?? []).some((s) => s.value === objective)).map(named);
    expect(hardCoded).toEqual([]);
    expect(text).not.toContain(String(objective));
  });

  it.each(['Availability (30 days)', 'Availability (1 day)', 'Availability over time'])('%s compares with gwscheck:slo_objective:ratio', (title) => {
    const panel = panels.find((p) => p.title === title);
    expect((panel?.targets ?? []).some((t) => (t.expr ?? '').includes(SLO_SERIES)), title).toBe(true);
  });
});

describe('exemplars in the dashboard', () => {
  // A panel of a histogram shows the runs behind it; one target each per histogram, so no run shows twice.
  it('every panel that reads a histogram shows its exemplars, from one target per histogram', () => {
    const histogramPanels = panels.filter((p) => (p.targets ?? []).some((t) => /_bucket\{/.test(t.expr ?? '')));
    expect(histogramPanels.map((p) => p.title).sort()).toEqual(['Latency heatmap', 'Latency percentiles', 'State-change settle time', 'Synthetic calls', 'Synthetic chats']);
    for (const panel of histogramPanels) {
      const shown = (panel.targets ?? []).filter((t) => t.exemplar === true).map((t) => /(\w+)_bucket\{/.exec(t.expr ?? '')?.[1]);
      const read = new Set((panel.targets ?? []).map((t) => /(\w+)_bucket\{/.exec(t.expr ?? '')?.[1]).filter((name) => name !== undefined));
      expect(shown.sort(), named(panel)).toEqual([...read].sort());
    }
  });

  it('"Why probes fail" counts failed runs by reason, with the failed runs as exemplars', () => {
    const panel = panels.find((p) => p.title === 'Why probes fail');
    expect(panel?.targets?.map((t) => [t.expr, t.exemplar])).toEqual([
      ['sum by (reason) (increase(gwscheck_probe_failures_total{target=~"$target",probe=~"$probe"}[$__rate_interval]))', true],
    ]);
  });
});

describe('Grafana provisioning', () => {
  const provisioned = (parseYaml(readFileSync(DATASOURCES_FILE, 'utf8')) as {
    datasources: { name: string; uid: string; type: string; isDefault?: boolean; jsonData?: { exemplarTraceIdDestinations?: { name: string; url?: string; datasourceUid?: string }[] } }[];
  }).datasources;

  it('links an exemplar\'s run_id to the run on the prober that ran it, with `$` escaped from the provisioning\'s variables', () => {
    expect(provisioned[0]?.jsonData?.exemplarTraceIdDestinations).toEqual([
      { name: 'run_id', url: 'http://$${__data.fields.instance}/runs/$${__value.raw}', urlDisplayLabel: 'Open the run on the prober' },
    ]);
  });

  it('adds a data source of its own that cannot replace or shadow a user\'s', () => {
    expect(provisioned).toHaveLength(1);
    for (const source of provisioned) {
      expect(source.isDefault).toBe(false);
      expect(source.name).toMatch(/^gwscheck-/);
      expect(source.uid).toMatch(/^gwscheck-/);
      expect(source.type).toBe('prometheus');
    }
  });

  it('is what the dashboard\'s data source variable starts on', () => {
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable?.current?.value).toBe(provisioned[0]?.uid);
  });
});

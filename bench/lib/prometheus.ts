// A real Prometheus (the Debian 2.42 the tests use) scraping one prober with the shipped rules:
// what one server pays to ingest a prober's page, for docs/scaling.md's sizing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROMETHEUS_BIN } from '../../test/tools.ts';
import { freePort, spawnTool } from './child.ts';
import { startCpuWindow } from './proc-stats.ts';
import { REPO_ROOT } from './tools.ts';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? PROMETHEUS_BIN;
const RULES = join(REPO_ROOT, 'monitoring', 'prometheus', 'rules.yml');

/** What Prometheus spent on the prober in a measured window. */
export interface IngestWindow {
  /** Series in the head at the window's end: the prober's and the recording rules' outputs. */
  readonly headSeries: number;
  /** Samples appended per second over the window, scraped and recorded. */
  readonly samplesPerSecond: number;
  /** CPU over the window, in % of one core. */
  readonly cpuPercent: number;
  readonly peakRssMiB: number;
  /** The longest scrape of the prober in the window. */
  readonly scrapeSecondsMax: number;
  /** The rule groups' last evaluations, summed: the cost of one round of the shipped rules. */
  readonly ruleSeconds: number;
}

function config(target: string, intervalSeconds: number): string {
  const every = `${intervalSeconds}s`;
  const timeout = `${Math.min(10, intervalSeconds)}s`;
  return [
    'global:',
    `  scrape_interval: ${every}`,
    `  scrape_timeout: ${timeout}`,
    `  evaluation_interval: ${every}`,
    'rule_files:',
    `  - ${JSON.stringify(RULES)}`,
    'scrape_configs:',
    '  - job_name: gwscheck',
    '    honor_labels: true',
    '    static_configs:',
    `      - targets: [${JSON.stringify(target)}]`,
    '',
  ].join('\n');
}

/** The sum of every sample of `name` (all label sets) in an exposition text. */
function sampleSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function text(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered HTTP ${response.status}: ${body.slice(0, 200)}`);
  return body;
}

async function query(base: string, expression: string): Promise<number | null> {
  const body = JSON.parse(await text(`${base}/api/v1/query?query=${encodeURIComponent(expression)}`)) as { data?: { result?: { value?: [number, string] }[] } };
  const value = body.data?.result?.[0]?.value?.[1];
  return value === undefined ? null : Number(value);
}

/**
 * Starts Prometheus on the prober's /metrics, waits for two scrapes and a rule evaluation after
 * them (rate() needs two samples, so the recording rules' series exist only then), then measures
 * it for `seconds`. The prober keeps probing all along, as it does in production.
 */
export async function measureIngest(metricsUrl: string, intervalSeconds: number, seconds: number): Promise<IngestWindow> {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-bench-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config(new URL(metricsUrl).host, intervalSeconds));
  const port = await freePort();
  try {
    const tool = await spawnTool({
      name: 'prometheus',
      command: PROMETHEUS,
      args: [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=info'],
      readyLine: /Server is ready to receive web requests/,
      readyTimeoutMs: 30_000,
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      // Its scrape manager picks a new target up within about 5 s, then scrapes once per interval.
      const waitSeconds = 2 * intervalSeconds + 15;
      const deadline = performance.now() + waitSeconds * 1000;
      while (((await query(base, 'sum_over_time(up{job="gwscheck"}[1h])')) ?? 0) < 2) {
        if (performance.now() > deadline) throw new Error(`prometheus: no two successful scrapes of ${metricsUrl} within ${waitSeconds} s`);
        await sleep(200);
      }
      await sleep(intervalSeconds * 1000);
      const appendedAtStart = sampleSum(await text(`${base}/metrics`), 'prometheus_tsdb_head_samples_appended_total');
      const window = startCpuWindow(tool.pid);
      await sleep(seconds * 1000);
      const cpu = window();
      const self = await text(`${base}/metrics`);
      const scrapeSecondsMax = await query(base, `max_over_time(scrape_duration_seconds{job="gwscheck"}[${Math.ceil(seconds) + intervalSeconds}s])`);
      return {
        headSeries: sampleSum(self, 'prometheus_tsdb_head_series'),
        samplesPerSecond: (sampleSum(self, 'prometheus_tsdb_head_samples_appended_total') - appendedAtStart) / cpu.wallSeconds,
        cpuPercent: (cpu.cpuSeconds / cpu.wallSeconds) * 100,
        peakRssMiB: cpu.peakRssMiB,
        scrapeSecondsMax: scrapeSecondsMax ?? Number.NaN,
        ruleSeconds: sampleSum(self, 'prometheus_rule_group_last_duration_seconds'),
      };
    } finally {
      await tool.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

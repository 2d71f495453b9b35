import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { PROMETHEUS_BIN } from '../tools.ts';
import { PROMETHEUS_CONFIG, RULES_FILE } from './promql.ts';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (no shell), collecting its output. */
export function runCommand(command: string, args: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A port that was free a moment ago: listen on 0, read the port, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns something other than undefined; throws with `what` after the deadline. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  options: { readonly deadlineMs: number; readonly what: string; readonly intervalMs?: number },
): Promise<T> {
  const until = Date.now() + options.deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${options.what} not reached within ${options.deadlineMs} ms${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

export interface ScrapeJob {
  readonly job: string;
  readonly targets: readonly string[];
}

export interface PrometheusOptions {
  /** The prober(s) to scrape with the shipped `gwscheck` job (honor_labels and all). */
  readonly probers: readonly string[];
  /** More jobs, e.g. one pointed at a closed port to see `up == 0`. */
  readonly extraJobs?: readonly ScrapeJob[];
  /** Scrape and rule evaluation interval (default 1 s). */
  readonly intervalSeconds?: number;
  /** A whole configuration to run instead of the one testConfig() derives from the shipped file. */
  readonly config?: string;
}

/**
 * The shipped example config, changed only where a test must: the prober addresses, 1 s
 * intervals, and the rules file by absolute path (the config is written to a temporary directory).
 */
export function testConfig(options: PrometheusOptions): string {
  const shipped = parseYaml(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as {
    global?: Record<string, unknown>;
    scrape_configs: Record<string, unknown>[];
  };
  const interval = `${options.intervalSeconds ?? 1}s`;
  const job = shipped.scrape_configs.find((c) => c['job_name'] === 'gwscheck');
  if (job === undefined) throw new Error(`${PROMETHEUS_CONFIG} has no job "gwscheck"`);
  const config = {
    ...shipped,
    global: { ...shipped.global, scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
    rule_files: [RULES_FILE],
    scrape_configs: [
      { ...job, static_configs: [{ targets: [...options.probers] }] },
      ...(options.extraJobs ?? []).map((extra) => ({
        ...job,
        job_name: extra.job,
        static_configs: [{ targets: [...extra.targets] }],
      })),
    ],
  };
  return stringifyYaml(config);
}

export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: [number, string][];
}
export interface PromAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing';
  readonly value: string;
}

/** One series' exemplars, as /api/v1/query_exemplars answers them. */
export interface PromExemplars {
  readonly seriesLabels: Record<string, string>;
  readonly exemplars: readonly { readonly labels: Record<string, string>; readonly value: string; readonly timestamp: number }[];
}
/** A scrape target, as /api/v1/targets answers it. */
export interface PromTarget {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export interface RunningPrometheus {
  readonly url: string;
  /** Instant query; rejects with Prometheus' error text when the query fails. */
  query(expr: string, time?: number): Promise<PromSample[]>;
  /** Range query over [start, end] (seconds) with `step` seconds. */
  queryRange(expr: string, start: number, end: number, step: number): Promise<PromSample[]>;
  labelValues(label: string, match: string): Promise<string[]>;
  /** The exemplars of the series `expr` selects, over [start, end] (seconds). */
  queryExemplars(expr: string, start: number, end: number): Promise<PromExemplars[]>;
  /** The active scrape targets: their health and the last scrape's error (a parse error of the page shows here). */
  targets(): Promise<PromTarget[]>;
  alerts(): Promise<PromAlert[]>;
  /** The last lines Prometheus logged, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

interface ApiAnswer<T> {
  readonly status: 'success' | 'error';
  readonly data: T;
  readonly error?: string;
  readonly errorType?: string;
}

async function api<T>(base: string, path: string, params: Record<string, string | string[]> = {}): Promise<T> {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  const query = body.toString();
  const response = await fetch(`${base}${path}${query === '' ? '' : `?${query}`}`);
  const answer = (await response.json()) as ApiAnswer<T>;
  if (answer.status !== 'success') throw new Error(`${path} ${JSON.stringify(params)}: ${answer.errorType ?? ''} ${answer.error ?? ''}`);
  return answer.data;
}

/**
 * Prometheus runs under a small sh guard that holds a pipe from this process: when the pipe
 * closes (stop(), or this test process dying in any way, even by SIGKILL) the guard stops
 * Prometheus, so no Prometheus outlives the test run. The guard prints Prometheus' pid first.
 */
const GUARD = [
  'exec 3<&0',
  '"$0" "$@" </dev/null & pid=$!',
  'echo "$pid"',
  '{ read -r _ <&3; kill -TERM "$pid" 2>/dev/null; } & reader=$!',
  'wait "$pid"; status=$?',
  'kill "$reader" 2>/dev/null',
  'exit "$status"',
].join('\n');

interface Launched {
  readonly guard: ChildProcess;
  readonly pid: number;
  readonly log: () => string;
}

/** Guards still running when the test process exits normally are told to stop at once. */
const live = new Set<Launched>();
process.once('exit', () => {
  for (const launched of live) {
    try {
      process.kill(launched.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function terminate(launched: Launched): Promise<void> {
  launched.guard.stdin?.end();
  if (!(await waitForExit(launched.guard, 10_000))) {
    try {
      process.kill(launched.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    launched.guard.kill('SIGKILL');
    await waitForExit(launched.guard, 5000);
  }
  live.delete(launched);
}

async function launch(configFile: string, dataDir: string, port: number): Promise<Launched> {
  const guard = spawn(
    'sh',
    [
      '-c',
      GUARD,
      PROMETHEUS_BIN,
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // As the shipped prometheus.yml says Prometheus runs: with exemplar storage.
      '--enable-feature=exemplar-storage',
      '--log.level=warn',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  guard.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  const log = (): string => stderr;
  const exited = new Promise<'exited'>((resolve) => guard.once('exit', () => resolve('exited')));
  const pid = await new Promise<number>((resolve, reject) => {
    let out = '';
    guard.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = /^(\d+)\n/.exec(out);
      if (line !== null) resolve(Number(line[1]));
    });
    guard.once('error', reject);
    void exited.then(() => reject(new Error(`prometheus guard exited at start: ${stderr}`)));
  });
  const launched: Launched = { guard, pid, log };
  live.add(launched);

  const base = `http://127.0.0.1:${port}`;
  const ready = eventually(
    async () => {
      const response = await fetch(`${base}/-/ready`).catch(() => undefined);
      return response?.status === 200 ? ('ready' as const) : undefined;
    },
    { deadlineMs: 20_000, what: 'Prometheus /-/ready', intervalMs: 100 },
  );
  const outcome = await Promise.race([ready, exited]).catch(async (error: unknown) => {
    await terminate(launched);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  });
  if (outcome === 'exited') {
    live.delete(launched);
    throw Object.assign(new Error(`prometheus exited at start-up: ${stderr.trim().split('\n').slice(-3).join(' | ')}`), {
      addressInUse: /address already in use/i.test(stderr),
    });
  }
  return launched;
}

/** Starts Prometheus (PATH or the tool cache: ../tools.ts) on 127.0.0.1 with a temporary config and TSDB; retries on a taken port. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, options.config ?? testConfig(options));
  let started: { launched: Launched; port: number } | undefined;
  for (let attempt = 1; started === undefined; attempt += 1) {
    const port = await freePort();
    try {
      started = { launched: await launch(configFile, join(dir, 'data'), port), port };
    } catch (error) {
      const inUse = (error as { addressInUse?: boolean }).addressInUse === true;
      if (!inUse || attempt >= 5) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const { launched, port } = started;
  const { log } = launched;
  const base = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    url: base,
    query: async (expr, time) => {
      const data = await api<{ result: PromSample[] }>(base, '/api/v1/query', {
        query: expr,
        ...(time !== undefined ? { time: String(time) } : {}),
      });
      return data.result;
    },
    queryRange: async (expr, start, end, step) => {
      const data = await api<{ result: PromSample[] }>(base, '/api/v1/query_range', {
        query: expr,
        start: String(start),
        end: String(end),
        step: String(step),
      });
      return data.result;
    },
    labelValues: (label, match) => api<string[]>(base, `/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match }),
    queryExemplars: (expr, start, end) => api<PromExemplars[]>(base, '/api/v1/query_exemplars', { query: expr, start: String(start), end: String(end) }),
    targets: async () => (await api<{ activeTargets: PromTarget[] }>(base, '/api/v1/targets')).activeTargets,
    alerts: async () => (await api<{ alerts: PromAlert[] }>(base, '/api/v1/alerts')).alerts,
    log,
    stop() {
      stopping ??= (async () => {
        await terminate(launched);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

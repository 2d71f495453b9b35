// Figure 4: the gate against newman, the same checks on the same N requests.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPath, loadContracts, type Operation } from '../../src/contracts/index.ts';
import { runToExit } from '../lib/child.ts';
import { buildCollection, bundleForPostman, readSchemaDir, type CheckedRequest } from '../lib/postman.ts';
import { peerFigure, reportedFigure, type Figure } from '../lib/results.ts';
import { AGENT, basicAuth, REPO_ROOT, workerArgs, type SimulatorSet } from '../lib/tools.ts';
import type { GateWorkerSpec } from '../workers/gate.ts';

export const NEWMAN_BIN = process.env.NEWMAN_BIN ?? join(REPO_ROOT, 'node_modules', '.bin', 'newman');

/** The simulator's seeded administrator, for the catalog's admin-only reads. */
const ADMIN = { username: 'admin', password: 'admin' } as const;

export interface GateOptions {
  /** The larger run; the issue asks for 500. */
  readonly n: number;
  /** Runs of each kind; the figures use the median. */
  readonly repeats: number;
  readonly log: (line: string) => void;
}

/**
 * The catalog's read-only operations that need no path parameter: one request each, with no
 * lookup first, so "N requests" means the same N requests for both tools. Left out too: examples
 * asking for a field list (`fields=id,userName`), whose answers judge() checks against only the
 * fields asked for, a rule a plain JSON Schema in a Postman test cannot express.
 */
function comparedOperations(): Operation[] {
  const fieldList = (op: Operation): boolean => {
    const fields = op.example.query?.['fields'];
    return fields !== undefined && fields !== '*';
  };
  return loadContracts().catalog.filter((op) => op.readOnly && !op.path.includes('{') && !fieldList(op));
}

function checkedRequests(apiRoot: string, operations: readonly Operation[], n: number): CheckedRequest[] {
  const schemas = readSchemaDir(join(REPO_ROOT, 'schemas'));
  const bundles = new Map(operations.map((op) => [op.id, bundleForPostman(op.responseSchema, schemas)]));
  const headers = (op: Operation): Record<string, string> =>
    op.identity === 'none' ? {} : { authorization: op.identity === 'admin' ? basicAuth(ADMIN.username, ADMIN.password) : basicAuth(AGENT.username, AGENT.password) };
  return Array.from({ length: n }, (_v, i) => {
    const op = operations[i % operations.length] as Operation;
    const query = new URLSearchParams(op.example.query ?? {}).toString();
    return {
      name: `${op.id} #${i + 1}`,
      method: op.method,
      url: `${apiRoot}${expandPath(op, {})}${query ? `?${query}` : ''}`,
      headers: headers(op),
      httpStatuses: [200],
      // The gate's positive contract requires success (judge()'s default expectation).
      statusCodes: [0],
      schema: bundles.get(op.id) ?? {},
      latencyBudgetMs: op.latencyBudgetMs,
    };
  });
}

interface TimedRun {
  readonly wallMs: number;
  readonly requests: number;
}

async function runNewman(dir: string, requests: readonly CheckedRequest[]): Promise<TimedRun> {
  if (!existsSync(NEWMAN_BIN)) throw new Error(`newman not found at ${NEWMAN_BIN} (expected the devDependency installed by npm ci, or set NEWMAN_BIN)`);
  const collection = join(dir, `collection-${requests.length}.json`);
  const exported = join(dir, `newman-${requests.length}.json`);
  writeFileSync(collection, JSON.stringify(buildCollection('gwscheck bench', requests)));
  const run = await runToExit(NEWMAN_BIN, ['run', collection, '--reporters', 'json', '--reporter-json-export', exported, '--timeout-request', '5000'], {
    timeoutMs: 300_000,
    cwd: REPO_ROOT,
  });
  const result = (
    JSON.parse(readFileSync(exported, 'utf8')) as {
      run: {
        stats: { requests: { total: number }; assertions: { total: number; failed: number } };
        failures: { error: { test?: string; message: string }; source?: { name?: string } }[];
      };
    }
  ).run;
  const stats = result.stats;
  if (run.code !== 0 || stats.assertions.failed > 0) {
    const first = result.failures[0];
    const why = first === undefined ? '' : `; first: ${first.source?.name ?? '?'} "${first.error.test ?? ''}": ${first.error.message.split('\n')[0] ?? ''}`;
    throw new Error(`newman: ${stats.assertions.failed} of ${stats.assertions.total} checks failed (exit ${run.code ?? 'none'})${why}`);
  }
  return { wallMs: run.wallMs, requests: stats.requests.total };
}

/** The shipped command, `gwscheck contract`, selecting the positive contracts of the compared operations. */
async function runGateCli(dir: string, apiRoot: string, operations: readonly Operation[]): Promise<TimedRun> {
  const reports = join(dir, 'gate-reports');
  const grep = `^(${operations.map((op) => op.id).join('|')}): answers `;
  const run = await runToExit(process.execPath, [join(REPO_ROOT, 'bin', 'gwscheck.js'), 'contract', '--tag', 'positive', '--grep', grep, '--reports', reports], {
    timeoutMs: 300_000,
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      GWS_BASE_URL: apiRoot,
      GWS_USERNAME: AGENT.username,
      GWS_PASSWORD: AGENT.password,
      GWS_ADMIN_USERNAME: ADMIN.username,
      GWS_ADMIN_PASSWORD: ADMIN.password,
    },
  });
  const summary = (JSON.parse(readFileSync(join(reports, 'contract-report.json'), 'utf8')) as { summary: { passed: number; failed: number } }).summary;
  if (run.code !== 0 || summary.failed > 0) throw new Error(`gwscheck contract: ${summary.failed} contracts failed (exit ${run.code ?? 'none'}): ${run.stderr.trim().split('\n')[0] ?? ''}`);
  return { wallMs: run.wallMs, requests: summary.passed };
}

/** The gate's machinery over N repeated positive contracts (see bench/workers/gate.ts). */
async function runGateRepeated(apiRoot: string, operations: readonly Operation[], n: number): Promise<TimedRun> {
  const spec: GateWorkerSpec = { baseUrl: apiRoot, user: { ...AGENT }, admin: { ...ADMIN }, operations: operations.map((op) => op.id), count: n };
  const run = await runToExit(process.execPath, workerArgs('gate', JSON.stringify(spec)), { timeoutMs: 300_000, cwd: REPO_ROOT });
  const match = /^DONE (.*)$/m.exec(run.stdout);
  const done = JSON.parse(match?.[1] ?? '{"passed":0,"failed":-1}') as { passed: number; failed: number };
  if (run.code !== 0 || done.failed !== 0) throw new Error(`gate run of ${n}: ${done.failed} contracts failed (exit ${run.code ?? 'none'}): ${run.stderr.trim().split('\n')[0] ?? ''}`);
  return { wallMs: run.wallMs, requests: done.passed };
}

/** Intercept of the line through (n1, w1) and (n2, w2): the cost of a run with no request at all. */
function startUp(a: TimedRun, b: TimedRun): number {
  // Noise can make the larger run no slower on tiny counts; the cost per request is never negative.
  const perRequest = Math.max(0, (b.wallMs - a.wallMs) / (b.requests - a.requests));
  return (a.wallMs - a.requests * perRequest) / 1000;
}

/** The run with the median wall time of several (the machine's noise comes in bursts). */
function medianRun(runs: readonly TimedRun[]): TimedRun {
  const sorted = [...runs].sort((x, y) => x.wallMs - y.wallMs);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) throw new Error('no run to take the median of');
  return middle;
}

export async function gateFigures(simulators: SimulatorSet, options: GateOptions): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-bench-gate-'));
  try {
    const apiRoot = simulators.urls[0] ?? '';
    const operations = comparedOperations();
    options.log(`gate vs newman: ${operations.length} catalog operations once, then ${options.n} requests; median of ${options.repeats} runs each`);
    const catalogRequests = checkedRequests(apiRoot, operations, operations.length);
    const nRequests = checkedRequests(apiRoot, operations, options.n);
    const runs: Record<'newmanCatalog' | 'gateCatalog' | 'newmanN' | 'gateN', TimedRun[]> = { newmanCatalog: [], gateCatalog: [], newmanN: [], gateN: [] };
    // Interleaved, so a burst of other work on the machine hits both tools alike.
    for (let i = 0; i < options.repeats; i += 1) {
      runs.newmanCatalog.push(await runNewman(dir, catalogRequests));
      runs.gateCatalog.push(await runGateCli(dir, apiRoot, operations));
      runs.newmanN.push(await runNewman(dir, nRequests));
      runs.gateN.push(await runGateRepeated(apiRoot, operations, options.n));
    }
    const newmanCatalog = medianRun(runs.newmanCatalog);
    const gateCatalog = medianRun(runs.gateCatalog);
    const newmanN = medianRun(runs.newmanN);
    const gateN = medianRun(runs.gateN);
    for (const [name, list] of [['newman catalog', runs.newmanCatalog], ['gwscheck catalog', runs.gateCatalog], [`newman ${options.n}`, runs.newmanN], [`gwscheck ${options.n}`, runs.gateN]] as const) {
      options.log(`  ${name}: ${list[0]?.requests ?? 0} requests in ${list.map((run) => (run.wallMs / 1000).toFixed(2)).join(', ')} s`);
    }
    const rate = (run: TimedRun): number => run.requests / (run.wallMs / 1000);
    return [
      // The goals: a CI run of the catalog once, start-up included, at most 0.9 of newman's time,
      // and a start-up at most 0.8 of newman's: a step that runs on every commit pays it every time.
      peerFigure('gate-wall-catalog', 's', gateCatalog.wallMs / 1000, 'newman', newmanCatalog.wallMs / 1000, '<=', 0.9),
      reportedFigure('gate-checks-per-second-catalog', 'requests/s', rate(gateCatalog), 'newman', rate(newmanCatalog)),
      peerFigure(`gate-wall-${options.n}`, 's', gateN.wallMs / 1000, 'newman', newmanN.wallMs / 1000, '<=', 1),
      peerFigure(`gate-checks-per-second-${options.n}`, 'requests/s', rate(gateN), 'newman', rate(newmanN), '>=', 1),
      peerFigure('gate-startup', 's', startUp(gateCatalog, gateN), 'newman', startUp(newmanCatalog, newmanN), '<=', 0.8),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

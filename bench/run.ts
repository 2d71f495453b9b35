// npm run bench [-- --quick | --smoke] [--out FILE] [--only probes,scale,at-scale,gate,judge]
// Measures gwscheck against blackbox_exporter and newman on this machine, in this run, and writes
// bench/results/latest.json. Missed goals are results, not errors; a figure that cannot be
// measured is recorded as not met and makes the exit code 1.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { atScaleFigureNames, atScaleFigures, type AtScaleRun } from './figures/at-scale.ts';
import { gateFigures, NEWMAN_BIN } from './figures/gate.ts';
import { judgeFigures } from './figures/judge.ts';
import { probeFigures } from './figures/probes.ts';
import { scaleFigures, type ScaleGoals, type ScaleOptions } from './figures/scale.ts';
import { BLACKBOX_BIN } from './lib/blackbox.ts';
import { distIsCurrent } from './lib/compiled-worker.ts';
import { loadAverage, machineInfo } from './lib/machine.ts';
import { formatTable, missingFigure, writeResults, type Figure } from './lib/results.ts';
import { startSimulators, type SimulatorSet } from './lib/tools.ts';

type Mode = 'full' | 'quick' | 'smoke';
const GROUPS = ['probes', 'scale', 'at-scale', 'gate', 'judge'] as const;
type Group = (typeof GROUPS)[number];

/** The schedule the scale figure models: 1,000 probes every 15 s; judge() must outpace it 100-fold. */
const JUDGE_GOAL_PER_SECOND = Math.round((100 * 1000) / 15);

/** The goals: at 1,000 probes every 15 s, and at 10,000. */
const GOALS_1K: ScaleGoals = { latenessP99Ms: 50, peakRssMiB: 150, renderP99Ms: 100 };
const GOALS_10K: ScaleGoals = { latenessP99Ms: 50, peakRssMiB: 400, renderP99Ms: 1000 };

type ScaleRun = Omit<ScaleOptions, 'log'>;

/** docs/prober.md's sizing rule for `--max-old-space-size`: 64 MiB and 16 MiB per 1,000 probes. */
function heapFor(probes: number): number {
  return 64 + Math.ceil((16 * probes) / 1000);
}

interface Plan {
  readonly probes: { seconds: number; rounds: number; targets: number; delayMs: number; interval: string; warmUpSeconds: number };
  /** The large run first, then the 1,000-probe one. */
  readonly scale: readonly ScaleRun[];
  /** The tools side by side at the scale rates, the smaller rate first. */
  readonly atScale: readonly AtScaleRun[];
  /** Simulators serving the run, in one process; the scale figures spread their targets over all. */
  readonly simulators: number;
  readonly gateN: number;
  readonly gateRepeats: number;
  readonly judgeSeconds: number;
}

const PLANS: Readonly<Record<Mode, Plan>> = {
  full: {
    probes: { seconds: 20, rounds: 3, targets: 10, delayMs: 20, interval: '5s', warmUpSeconds: 15 },
    scale: [
      { name: 'scale-10000', goals: GOALS_10K, probes: 10_000, interval: '15s', intervalSeconds: 15, seconds: 120, scrapeEveryMs: 15_000 },
      // The same with the heap bound docs/prober.md recommends: Node's default lets V8 grow the
      // heap far past the live set before it collects.
      { name: 'scale-10000-sized-heap', goals: GOALS_10K, probes: 10_000, interval: '15s', intervalSeconds: 15, seconds: 120, scrapeEveryMs: 15_000, heapMiB: heapFor(10_000) },
      { name: 'scale', goals: GOALS_1K, probes: 1000, interval: '15s', intervalSeconds: 15, seconds: 120, scrapeEveryMs: 5000 },
    ],
    // Four tools in turn at each rate, each warmed up for one whole period, then Prometheus on
    // the 10,000-probe prober: about 10 minutes.
    atScale: [
      { probes: 1000, intervalSeconds: 15, warmUpSeconds: 15, seconds: 30, goals: false },
      { probes: 10_000, intervalSeconds: 15, warmUpSeconds: 15, seconds: 60, goals: true, ingestSeconds: 30 },
    ],
    simulators: 4,
    gateN: 500,
    gateRepeats: 3,
    judgeSeconds: 5,
  },
  quick: {
    probes: { seconds: 3, rounds: 1, targets: 10, delayMs: 20, interval: '5s', warmUpSeconds: 5 },
    scale: [
      { name: 'scale-2000', goals: GOALS_10K, probes: 2000, interval: '15s', intervalSeconds: 15, seconds: 20, scrapeEveryMs: 5000 },
      { name: 'scale', goals: GOALS_1K, probes: 1000, interval: '15s', intervalSeconds: 15, seconds: 30, scrapeEveryMs: 5000 },
    ],
    atScale: [
      { probes: 1000, intervalSeconds: 15, warmUpSeconds: 15, seconds: 15, goals: false },
      { probes: 2000, intervalSeconds: 15, warmUpSeconds: 15, seconds: 15, goals: true, ingestSeconds: 15 },
    ],
    simulators: 4,
    gateN: 50,
    gateRepeats: 1,
    judgeSeconds: 1,
  },
  // Tiny counts: proves every figure runs end to end (the integration test), measures nothing.
  smoke: {
    probes: { seconds: 2, rounds: 1, targets: 2, delayMs: 20, interval: '1s', warmUpSeconds: 0 },
    scale: [
      { name: 'scale-40', goals: GOALS_10K, probes: 40, interval: '1s', intervalSeconds: 1, seconds: 3, scrapeEveryMs: 1000 },
      { name: 'scale', goals: GOALS_1K, probes: 20, interval: '1s', intervalSeconds: 1, seconds: 3, scrapeEveryMs: 1000 },
    ],
    // No Prometheus here: its scrape manager takes about 5 s to pick up a new target.
    atScale: [{ probes: 40, intervalSeconds: 1, warmUpSeconds: 0, seconds: 0.5, goals: true }],
    simulators: 2,
    gateN: 20,
    gateRepeats: 1,
    judgeSeconds: 0.2,
  },
};

/** Figures each group writes, for the record when a group fails before measuring. */
function namesOf(group: Group, plan: Plan): [string, string, string | null][] {
  switch (group) {
    case 'probes':
      return [
        ['probe-excess-p50', 'ms', 'blackbox_exporter'],
        ['probe-excess-p99', 'ms', 'blackbox_exporter'],
        ['probe-excess-vs-floor-p50', 'ms', 'node:http floor'],
        ['probe-excess-vs-floor-p99', 'ms', 'node:http floor'],
        ['probe-cpu-per-probe', 'ms', 'blackbox_exporter'],
        ['probe-floor-cpu-per-probe', 'ms', 'blackbox_exporter'],
        ['probe-cpu-vs-floor', 'ms', 'node:http floor'],
        ['probe-peak-rss', 'MiB', 'blackbox_exporter'],
        ['probe-endpoint-excess-p50', 'ms', 'blackbox_exporter'],
        ['probe-endpoint-excess-p99', 'ms', 'blackbox_exporter'],
        ['probe-endpoint-cpu-per-probe', 'ms', 'blackbox_exporter'],
        ['probe-endpoint-peak-rss', 'MiB', 'blackbox_exporter'],
      ];
    case 'scale':
      return plan.scale.flatMap((run) =>
        ['lateness-p50', 'lateness-p99', 'probes-per-second', 'cpu', 'peak-rss', 'metrics-render-p99', 'skipped-runs', 'series-per-probe'].map(
          (n): [string, string, string | null] => [`${run.name}-${n}`, '', null],
        ),
      );
    case 'at-scale':
      return atScaleFigureNames(plan.atScale);
    case 'gate':
      return ['wall-catalog', 'checks-per-second-catalog', `wall-${plan.gateN}`, `checks-per-second-${plan.gateN}`, 'startup'].map((n) => [`gate-${n}`, '', 'newman']);
    case 'judge':
      return [['judge-per-second', 'judgements/s', null]];
  }
}

function parse(argv: readonly string[]): { mode: Mode; out: string; only: readonly Group[] } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean' },
      smoke: { type: 'boolean' },
      out: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    console.log(`Usage: npm run bench [-- --quick | --smoke] [--out FILE] [--only ${GROUPS.join(',')}]`);
    process.exit(0);
  }
  if (values.quick === true && values.smoke === true) throw new Error('--quick and --smoke exclude each other (expected one of them, or neither for the full run)');
  const only = (values.only?.split(',') ?? [...GROUPS]).map((g) => g.trim());
  const unknown = only.find((g) => !(GROUPS as readonly string[]).includes(g));
  if (unknown !== undefined) throw new Error(`--only "${unknown}" is not a figure group (expected a comma list of ${GROUPS.join(', ')})`);
  return {
    mode: values.smoke === true ? 'smoke' : values.quick === true ? 'quick' : 'full',
    out: values.out ?? fileURLToPath(new URL('./results/latest.json', import.meta.url)),
    only: only as Group[],
  };
}

async function measure(group: Group, plan: Plan, simulators: SimulatorSet, log: (line: string) => void): Promise<Figure[]> {
  switch (group) {
    case 'probes':
      return probeFigures(simulators, { ...plan.probes, log });
    case 'scale': {
      const figures: Figure[] = [];
      for (const run of plan.scale) figures.push(...(await scaleFigures(simulators, { ...run, log })));
      return figures;
    }
    case 'at-scale':
      return atScaleFigures(simulators, { runs: plan.atScale, log });
    case 'gate':
      return gateFigures(simulators, { n: plan.gateN, repeats: plan.gateRepeats, log });
    case 'judge':
      return judgeFigures(simulators, { seconds: plan.judgeSeconds, goalPerSecond: JUDGE_GOAL_PER_SECOND, log });
  }
}

async function main(): Promise<number> {
  let args;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const plan = PLANS[args.mode];
  const log = (line: string): void => console.log(`  ${line}`);
  const started = performance.now();
  const loadAtStart = loadAverage();
  console.log(`gwscheck bench (${args.mode}): ${args.only.join(', ')}`);
  if (!distIsCurrent()) {
    // The bench measures gwscheck as installed (compiled); a stale dist/ would measure old code.
    console.log('  dist/ is missing or older than src/: npm run build');
    // The build's own lines (the documents it writes) would read as the bench's warnings: shown only when it fails.
    const build = spawnSync('npm', ['run', 'build', '--silent'], { encoding: 'utf8' });
    if (build.status !== 0) {
      console.error(`${build.stdout}${build.stderr}bench: npm run build failed (expected dist/ compiled from src/)`);
      return 2;
    }
  }
  const figures: Figure[] = [];
  let broken = 0;
  const simulators = await startSimulators(plan.simulators, []);
  try {
    for (const group of args.only) {
      const groupStart = performance.now();
      try {
        figures.push(...(await measure(group, plan, simulators, log)));
      } catch (error) {
        broken += 1;
        console.error(`bench: ${group} could not be measured: ${error instanceof Error ? error.message : String(error)}`);
        figures.push(...namesOf(group, plan).map(([name, unit, peer]) => missingFigure(name, unit, peer, 'not measured')));
      }
      log(`${group} took ${((performance.now() - groupStart) / 1000).toFixed(1)} s`);
    }
  } finally {
    await simulators.tool.stop();
  }
  writeResults(args.out, { machine: machineInfo(args.mode, BLACKBOX_BIN, NEWMAN_BIN, loadAtStart), date: new Date().toISOString(), figures });
  console.log(`\n${formatTable(figures)}\n`);
  console.log(`${figures.filter((f) => f.met).length} of ${figures.length} goals met; written to ${args.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return broken === 0 ? 0 : 1;
}

process.exitCode = await main();

// npm run soak:gate -- --runs N [--burners B] [--shuffle] [--out FILE]
// Runs the whole contract gate N times against the embedded simulator, where nothing is wrong, so
// that every failure is a false alarm. --burners B keeps B processes busy beside it (a loaded
// machine); --shuffle runs each gate in a new order, with a seed the report names for a replay.
// Prints one line per run and every failure with its contract, message and seed; exits 1 when any
// run failed, 2 on bad options.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npm run soak:gate -- --runs N [--burners B] [--shuffle] [--out FILE]';
/** A gate run that takes this long is counted as hung, not waited for. */
const RUN_LIMIT_MS = 10 * 60_000;

function fail(message) {
  console.error(`soak:gate: ${message} (${USAGE})`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { runs: { type: 'string' }, burners: { type: 'string' }, shuffle: { type: 'boolean' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(String(error.message).split('\n')[0]);
  }
  const whole = (text, name, min, max) => {
    if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max) fail(`--${name} "${text}" is not a whole number from ${min} to ${max}`);
    return Number(text);
  };
  if (values.runs === undefined) fail('--runs is required');
  return {
    runs: whole(values.runs, 'runs', 1, 100_000),
    burners: values.burners === undefined ? 0 : whole(values.burners, 'burners', 0, 64),
    shuffle: values.shuffle === true,
    out: values.out,
  };
}

/** B processes that spin until killed: a busy machine beside the gate. */
function startBurners(count) {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

function runGate(reportsDir, seed) {
  const env = { ...process.env, CI: 'true' };
  // The embedded simulator: a healthy server, so any failure is the gate's own.
  for (const name of Object.keys(env)) if (name.startsWith('GWS_')) delete env[name];
  const args = ['bin/gwscheck.js', 'contract', '--quiet', '--reports', reportsDir, ...(seed === undefined ? [] : ['--shuffle', String(seed)])];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: performance.now() - started });
    });
  });
}

/** The failures a run reports: failed and flaky contracts, or the run itself when it left no report. */
function failuresOf(reportsDir, result) {
  let report;
  try {
    report = JSON.parse(readFileSync(join(reportsDir, 'contract-report.json'), 'utf8'));
  } catch {
    const last = result.output.trim().split('\n').slice(-1)[0] ?? '';
    return [{ contract: '(the gate run)', message: `exit ${result.code ?? result.signal}, no report: ${last.slice(0, 300)}` }];
  }
  const found = report.results
    .filter((r) => r.outcome === 'failed' || r.outcome === 'flaky')
    .map((r) => ({ contract: r.name, message: `${r.outcome}: ${(r.message ?? '').split('\n')[0]}` }));
  if (found.length === 0 && result.code !== 0) found.push({ contract: '(the gate run)', message: `exit ${result.code ?? result.signal}: ${(report.summary.reasons ?? []).join('; ')}` });
  return found;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const { runs, burners, shuffle, out } = options();
const dir = mkdtempSync(join(tmpdir(), 'gwscheck-soak-'));
const busy = startBurners(burners);
const stopAll = () => {
  for (const burner of busy) burner.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});

console.log(`soak:gate: ${runs} run(s) of the whole gate on the embedded simulator, ${burners} busy process(es) beside it, ${shuffle ? 'a new shuffled order each run' : 'the stable order'}`);
const alarms = [];
const times = [];
let failedRuns = 0;
try {
  for (let run = 1; run <= runs; run += 1) {
    const seed = shuffle ? randomInt(1, 2 ** 31) : undefined;
    const reportsDir = join(dir, `run-${run}`);
    const result = await runGate(reportsDir, seed);
    times.push(result.ms);
    const failures = result.code === 0 ? [] : failuresOf(reportsDir, result);
    const seedText = seed === undefined ? '' : ` seed ${seed}`;
    if (failures.length === 0) {
      console.log(`run ${run}/${runs}: held in ${(result.ms / 1000).toFixed(1)} s${seedText}`);
    } else {
      failedRuns += 1;
      console.log(`run ${run}/${runs}: FAILED in ${(result.ms / 1000).toFixed(1)} s${seedText}`);
      for (const failure of failures) {
        console.log(`  ${failure.contract}: ${failure.message}`);
        alarms.push({ run, seed: seed ?? null, ...failure });
      }
    }
    rmSync(reportsDir, { recursive: true, force: true });
  }
} finally {
  stopAll();
}

const summary = {
  runs,
  burners,
  shuffle,
  failedRuns,
  falseAlarms: alarms.length,
  medianRunSeconds: Number((median(times) / 1000).toFixed(2)),
  maxRunSeconds: Number((Math.max(...times) / 1000).toFixed(2)),
  alarms,
};
console.log('');
console.log(`soak:gate: ${runs} run(s), ${failedRuns} failed, ${alarms.length} false alarm(s); median run ${summary.medianRunSeconds} s, longest ${summary.maxRunSeconds} s`);
for (const alarm of alarms) {
  console.log(`  run ${alarm.run}${alarm.seed === null ? '' : ` (replay: gwscheck contract --shuffle ${alarm.seed})`}: ${alarm.contract}: ${alarm.message}`);
}
if (out !== undefined) writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
process.exitCode = failedRuns === 0 ? 0 : 1;

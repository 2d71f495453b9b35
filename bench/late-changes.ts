// node --import tsx bench/late-changes.ts [--seconds 120] [--settle 250ms,1s,10s] [--interval 0,5s] [--fixed 1100] [--jitter 3000] [--timeout 1000]
// Issue #21's acceptance, run by hand: with the state-change POST delayed by 1100 + 0..3000 ms
// (applied when the delay is over) against a 1 s probe timeout, the probe runs for two minutes per
// settle timeout and interval (0: back to back; otherwise a run starts that long after the last
// one started, as the schedule starts it). Passes when the agent ends in the state it started in and every
// run that found it elsewhere counted it (test/prober/late-change-trial.ts says how that is read).
// Exit code 1 when a trial does not pass. Not part of `npm test`: test/prober/state-change.test.ts
// runs the same trial ten times faster for a few seconds.
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/config/index.ts';
import { runLateChangeTrial, type LateChangeTrialReport } from '../test/prober/late-change-trial.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '120' },
    settle: { type: 'string', default: '250ms,1s,10s' },
    interval: { type: 'string', default: '0,5s' },
    fixed: { type: 'string', default: '1100' },
    jitter: { type: 'string', default: '3000' },
    timeout: { type: 'string', default: '1000' },
  },
});

const milliseconds = (text: string, what: string): number => parseDuration(text, `--${what}`, { bareMilliseconds: true });

const passed = (r: LateChangeTrialReport): boolean => r.endState === r.startState && r.uncounted === 0 && r.falseCounts === 0;

let failed = 0;
const trials = values.interval.split(',').flatMap((interval) => values.settle.split(',').map((settle) => ({ interval, settle })));
for (const { interval, settle } of trials) {
  const options = {
    durationMs: Number(values.seconds) * 1000,
    intervalMs: interval === '0' ? 0 : milliseconds(interval, 'interval'),
    fixedMs: milliseconds(values.fixed, 'fixed'),
    jitterMs: milliseconds(values.jitter, 'jitter'),
    timeoutMs: milliseconds(values.timeout, 'timeout'),
    settleTimeoutMs: milliseconds(settle, 'settle'),
    pollIntervalMs: 250,
    asyncDelayMs: 50,
  };
  const r = await runLateChangeTrial(options);
  if (!passed(r)) failed += 1;
  const counted = Object.entries(r.counted).map(([reason, n]) => `${reason}=${n}`).join(' ');
  const outcomes = Object.entries(r.outcomes).map(([outcome, n]) => `${outcome}=${n}`).join(' ');
  console.log(
    `interval ${interval}, settle ${settle}: ${passed(r) ? 'PASS' : 'FAIL'} in ${(r.elapsedMs / 1000).toFixed(1)} s; ${r.runs} runs, ${r.posts} POSTs; ` +
      `agent ${r.startState} -> ${r.endState}; runs that found it elsewhere ${r.foundAway}, of them uncounted ${r.uncounted}; ` +
      `late_change counted without cause ${r.falseCounts}; counted: ${counted}; outcomes: ${outcomes}`,
  );
}
process.exitCode = failed === 0 ? 0 : 1;

// The floor in its own process: the plainest node:http client, firing the bench's planned probes
// on the same schedule as gwscheck's prober, so the OS accounts its CPU and memory as it does for
// gwscheck and blackbox_exporter. What a Node.js process pays for a probe with nothing of
// gwscheck's in it: no judge, no metrics, no connection reuse.
import { floorRequest, type FloorTarget } from '../lib/floor-client.ts';
import { firesAt, msInSecond, type ProbeOffset } from '../lib/offsets.ts';
import { untilNextSecond } from '../lib/ticks.ts';
import { onShutdown, serveRequests, workerSpec } from '../lib/worker.ts';

export interface FloorWorkerProbe extends FloorTarget {
  readonly schedule: ProbeOffset;
}

export interface FloorWorkerSpec {
  readonly probes: readonly FloorWorkerProbe[];
}

export interface FloorWorkerReport {
  /** From the call to the body's end, in ms, since the last reset. */
  readonly durationsMs: number[];
  /** Probes that did not answer HTTP 200 in time, since the last reset. */
  readonly failedRuns: number;
  /** Each probe's start minus the moment it was due, in ms, since the last reset. */
  readonly latenessMs: number[];
}

const spec = workerSpec<FloorWorkerSpec>();
let durationsMs: number[] = [];
let latenessMs: number[] = [];
let failedRuns = 0;
let stopped = false;
const timers = new Set<NodeJS.Timeout>();

function fire(probe: FloorWorkerProbe): void {
  floorRequest(probe).then(
    (ms) => durationsMs.push(ms),
    () => {
      failedRuns += 1;
    },
  );
}

/** The last second whose probes were set off. */
let served = 0;

/** Each second, every probe due in it at its own millisecond: the moments gwscheck's schedule fires. */
function second(): void {
  if (stopped) return;
  const start = Math.round(Date.now() / 1000) * 1000;
  // A timer that wakes a millisecond before the second is followed by one just after it: serve it once.
  const due = start > served ? spec.probes : [];
  served = Math.max(served, start);
  for (const probe of due) {
    if (!firesAt(probe.schedule, start / 1000)) continue;
    const dueAt = start + msInSecond(probe.schedule);
    const timer = setTimeout(() => {
      timers.delete(timer);
      latenessMs.push(Date.now() - dueAt);
      fire(probe);
    }, Math.max(0, dueAt - Date.now()));
    timers.add(timer);
  }
  setTimeout(second, untilNextSecond());
}

// A first round, at most 64 probes at a time as gwscheck's prober runs its own at start-up, then
// the schedule.
for (let at = 0; at < spec.probes.length; at += 64) await Promise.allSettled(spec.probes.slice(at, at + 64).map((probe) => floorRequest(probe)));
setTimeout(second, untilNextSecond());

serveRequests({
  reset: () => {
    durationsMs = [];
    latenessMs = [];
    failedRuns = 0;
    return { probes: spec.probes.length };
  },
  report: (): FloorWorkerReport => ({ durationsMs, failedRuns, latenessMs }),
});
onShutdown(() => {
  stopped = true;
  for (const timer of timers) clearTimeout(timer);
  return Promise.resolve();
});
console.log(`READY ${JSON.stringify({ probes: spec.probes.length })}`);

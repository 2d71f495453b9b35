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
}

const spec = workerSpec<FloorWorkerSpec>();
let durationsMs: number[] = [];
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

/** Each second, every probe due in it at its own millisecond: the moments gwscheck's schedule fires. */
function second(): void {
  if (stopped) return;
  const start = Math.round(Date.now() / 1000) * 1000;
  for (const probe of spec.probes) {
    if (!firesAt(probe.schedule, start / 1000)) continue;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fire(probe);
    }, Math.max(0, start + msInSecond(probe.schedule) - Date.now()));
    timers.add(timer);
  }
  setTimeout(second, untilNextSecond());
}

// A first round at once, as gwscheck's prober runs at start-up, then the schedule.
await Promise.allSettled(spec.probes.map((probe) => floorRequest(probe)));
setTimeout(second, untilNextSecond());

serveRequests({
  reset: () => {
    durationsMs = [];
    failedRuns = 0;
    return { probes: spec.probes.length };
  },
  report: (): FloorWorkerReport => ({ durationsMs, failedRuns }),
});
onShutdown(() => {
  stopped = true;
  for (const timer of timers) clearTimeout(timer);
  return Promise.resolve();
});
console.log(`READY ${JSON.stringify({ probes: spec.probes.length })}`);

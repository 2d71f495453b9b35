// A set of GWS simulators in one process, outside the measured tools' processes.
import { buildSimulator, listen, type FaultSpec, type RunningSimulator } from '../../src/simulator/index.ts';
import { onShutdown, workerSpec } from '../lib/worker.ts';

interface SimulatorWorkerSpec {
  readonly count: number;
  readonly faults: readonly FaultSpec[];
}

const spec = workerSpec<SimulatorWorkerSpec>();
const running: RunningSimulator[] = [];
for (let i = 0; i < spec.count; i += 1) {
  running.push(await listen(buildSimulator({ faults: spec.faults }), { host: '127.0.0.1', port: 0 }));
}
onShutdown(async () => {
  await Promise.all(running.map((sim) => sim.close()));
});
console.log(`READY ${JSON.stringify({ urls: running.map((sim) => sim.url) })}`);

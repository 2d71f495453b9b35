/** The contract gate's runner (./runner/): what the CLI and the benchmarks use. Spec files import the kit, ./kit/index.ts. */
export { runGate } from './runner/run.ts';
export { PACKAGE_ROOT, specRunnerSettings } from './runner/spec-runner.ts';
export type { GateRunContext } from './context.ts';

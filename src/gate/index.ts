/** The contract gate's runner: what the CLI and the benchmarks use. Spec files import ./kit.ts. */
export { runGate } from './run.ts';
export { PACKAGE_ROOT, specRunnerSettings } from './spec-runner.ts';
export type { GateRunContext } from './context.ts';

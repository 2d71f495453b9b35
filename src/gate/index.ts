/** The contract gate's runner: what the CLI and the benchmarks use. Spec files import ./kit.ts. */
export { runGate, PACKAGE_ROOT } from './run.ts';
export type { GateRunContext } from './context.ts';

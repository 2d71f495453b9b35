/** The contract gate's runner: what the CLI and the self-tests use. Spec files import ./kit.ts. */
export { runGate, tagDefinitions, PACKAGE_ROOT, type GateIo, type GateRunOutcome } from './run.ts';
export { startEmbeddedTarget, type EmbeddedTarget } from './embedded.ts';
export { eventually, type EventuallyOptions, type EventuallyResult } from './eventually.ts';
export { GATE_TAGS, type GateTag } from './tags.ts';
export type { GateRunContext } from './context.ts';

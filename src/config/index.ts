/** Configuration: the gate's target and flags, the prober's file, and the value grammars both share. */
export { ConfigError, Problems } from './errors.ts';
export {
  loadGateConfig,
  type Credentials,
  type GateConfig,
  type GateFlags,
  type GateTarget,
} from './gate.ts';
export type { ContractOrder } from './order.ts';
export { stepSummaryPath, terminalOutput } from './terminal.ts';
export {
  loadProberConfig,
  proberTarget,
  type ProberConfig,
  type ProberFlags,
  type ProberTarget,
  type ProbeSettings,
} from './prober.ts';
export { parseDuration, parseSchedule, parseWholeNumber, type DurationRule, type ProbeSchedule, type Shard } from './values.ts';
export type { SyntheticCallConfig } from './synthetic-call.ts';
export type { SyntheticChatConfig } from './synthetic-chat.ts';
export { readPemFile } from './tls.ts';

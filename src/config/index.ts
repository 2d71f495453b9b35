export {
  ConfigError,
  loadGateConfig,
  loadGateTarget,
  parseBaseUrl,
  stepSummaryPath,
  type Credentials,
  type Environment,
  type GateConfig,
  type GateFlags,
  type GateTarget,
} from './gate.ts';
export {
  loadProberConfig,
  parseDuration,
  parseListen,
  parseSchedule,
  proberTarget,
  PROBER_DEFAULTS,
  type ListenAddress,
  type LoadProberConfigOptions,
  type ProberConfig,
  type ProberFlags,
  type ProberTarget,
  type ProbeSchedule,
  type ProbeSettings,
  type StateChangeConfig,
} from './prober.ts';
export { SYNTHETIC_CALL_DEFAULTS, type SyntheticCallConfig } from './synthetic-call.ts';

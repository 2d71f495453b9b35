export { ConfigError, Problems } from './errors.ts';
export {
  loadGateConfig,
  loadGateTarget,
  parseBaseUrl,
  stepSummaryPath,
  terminalOutput,
  type Credentials,
  type Environment,
  type GateConfig,
  type GateFlags,
  type GateTarget,
  type TerminalOutput,
} from './gate.ts';
export {
  loadProberConfig,
  proberTarget,
  PROBER_DEFAULTS,
  type LoadProberConfigOptions,
  type ProberConfig,
  type ProberFlags,
  type ProberTarget,
  type ProbeSettings,
  type StateChangeConfig,
} from './prober.ts';
export { readPemFile, type TlsSettings } from './tls.ts';
export {
  parseDuration,
  parseListen,
  parseSchedule,
  parseShard,
  parseWholeNumber,
  type DurationRule,
  type ListenAddress,
  type ProbeSchedule,
  type Shard,
} from './values.ts';

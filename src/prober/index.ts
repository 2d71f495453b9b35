/** The prober front door: scheduled probes, their metrics and the HTTP server that serves them. */
export { selectOperations } from './select.ts';
export { createProber, type Prober, type ProberOptions, type ProbeInfo } from './prober.ts';
export { startMetricsServer, type MetricsServer, type MetricsServerOptions } from './server.ts';
export { runProber } from './run.ts';
export { createLogger, isLogFormat, LOG_FORMATS, type LogFormat } from './log.ts';
export type { BuildInfo } from './metrics.ts';
export { probeEndpoint, type ProbeAnswer, type ProbeEndpoint } from './probe-endpoint.ts';
export { parseShard, inShard, probeKey, stableHash, type Shard } from './shard.ts';
export { cronScheduler, intervalSeconds, lastDue, offsetMs, type ScheduledJob, type ScheduleRequest, type Scheduler } from './schedule.ts';
export {
  pollingObserver,
  type StateObserver,
  type StateObserverContext,
  type StateObserverFactory,
} from './state-change.ts';
export { notificationObserver, type NotificationObserverOptions } from './notification-observer.ts';
export { DURATION_BUCKETS, STATUS_CODE_LABELS, VIOLATION_KEYWORDS, DRIFT_GRADES, HTTP_PHASES } from './metrics.ts';
export {
  PROBE_OUTCOMES,
  STATE_CHANGE_OUTCOMES,
  systemClock,
  type Clock,
  type Logger,
  type ProbeKind,
  type ProbeOutcome,
  type ProbeResult,
} from './types.ts';

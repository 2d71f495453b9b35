/** The prober front door: scheduled probes, their metrics and the HTTP server that serves them. */
export { selectOperations } from './select.ts';
export { createProber } from './prober.ts';
export { startMetricsServer } from './server.ts';
export { runProber } from './run.ts';
export { tuneHeap } from './heap.ts';
export { probeEndpoint } from './probe-endpoint.ts';
export { resultsPages } from './results/index.ts';
export { probeKey } from './shard.ts';
export { cronScheduler, intervalSeconds, offsetMs, type Scheduler } from './schedule.ts';
export { createLogger, isLogFormat, LOG_FORMATS, type LogFormat } from './log.ts';
export type { BuildInfo } from './metrics.ts';

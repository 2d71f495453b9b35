import type { Registry } from 'prom-client';
import { createNotificationSessionCounter, type NotificationSessionCounter } from '../notifications/index.ts';
import type { PhaseTimings } from '../client/index.ts';
import type { ProbeKind, ProbeResult } from './types.ts';
import { NOT_APPLICABLE, PROBE_OUTCOMES, STATE_CHANGE_OUTCOMES, STATE_RESTORE_FAILURE_REASONS } from './types.ts';
import { CounterFamily, GaugeFamily, HistogramFamily } from './series.ts';
import { createFailureCounter, runExemplar } from './failure-counter.ts';
import { createTargetMetrics } from './target-metrics.ts';

const PROBE_LABELS = ['target', 'probe'] as const;

/**
 * Buckets around the catalog's latency budgets (default 1 s) and the 5 s probe timeout. No rule
 * reads a bucket below 50 ms or above the timeout (a run that long is outcome `timeout`, counted
 * as such), and each bucket is a series per probe: 8 with +Inf, not 10.
 */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** statusCode label values: the documented 0-20 [src: RV852], anything else, or no statusCode. */
export const STATUS_CODE_LABELS = [...Array.from({ length: 21 }, (_, i) => String(i)), 'other', 'none'] as const;

/**
 * statusCode series that exist from start-up; the others appear when first seen. Only a dashboard
 * panel reads them, no rule: a code's first occurrence may be missing from its increase().
 */
const EAGER_STATUS_CODE_LABELS = ['0'] as const;

/** ajv keywords worth a series of their own; the rest count as `other`. */
export const VIOLATION_KEYWORDS = ['required', 'type', 'additionalProperties', 'enum', 'format', 'const', 'pattern', 'other'] as const;

export const DRIFT_GRADES = ['breaking', 'additive'] as const;

export const HTTP_PHASES = ['connect', 'tls', 'processing', 'transfer'] as const satisfies readonly (keyof PhaseTimings)[];

/** Phases every probe has; `tls` appears with the first TLS handshake (an https target). */
const EAGER_HTTP_PHASES = ['connect', 'processing', 'transfer'] as const;

export const CONNECTION_KINDS = ['new', 'reused'] as const;

/** Violations that describe the body's shape: these are drift; status and latency are availability. */
const SHAPE_KINDS: ReadonlySet<string> = new Set(['schema', 'envelope']);

/** What gwscheck_build_info says: the package version, the source revision, the Node.js version. */
export interface BuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly node: string;
}

export interface ProbeIdentity {
  readonly target: string;
  readonly probe: string;
  readonly kind: ProbeKind;
  readonly intervalSeconds: number;
}

export function statusCodeLabel(code: number | null): string {
  if (code === null) return 'none';
  return Number.isInteger(code) && code >= 0 && code <= 20 ? String(code) : 'other';
}

export function keywordLabel(keyword: string): (typeof VIOLATION_KEYWORDS)[number] {
  return (VIOLATION_KEYWORDS as readonly string[]).includes(keyword) ? (keyword as (typeof VIOLATION_KEYWORDS)[number]) : 'other';
}

/** Every metric of the prober, registered in the registry it is given (one per prober, one per test). */
export function createProberMetrics(registry: Registry, buildInfo: string | BuildInfo) {
  // A bare version (tests, /probe of an older caller) has no known revision.
  const build = typeof buildInfo === 'string' ? { version: buildInfo, revision: 'unknown', node: process.versions.node } : buildInfo;
  const registers = [registry];
  const success = new GaugeFamily({
    name: 'gwscheck_probe_success',
    help: '1 when the last run of the probe met its whole contract, else 0.',
    labelNames: PROBE_LABELS,
    registers,
  });
  const applicable = new GaugeFamily({
    name: 'gwscheck_probe_applicable',
    help: '0 while the last run found nothing to probe (the probe user has no such resource, the server lacks an unconfirmed endpoint, or the target does not enable a feature the operation needs), else 1.',
    labelNames: PROBE_LABELS,
    registers,
  });
  const duration = new HistogramFamily({
    name: 'gwscheck_probe_duration_seconds',
    help: 'Wall time of the probe request, every outcome included.',
    labelNames: PROBE_LABELS,
    buckets: [...DURATION_BUCKETS],
    registers,
  });
  const runs = new CounterFamily({
    name: 'gwscheck_probe_runs_total',
    help: 'Probe runs by outcome.',
    labelNames: [...PROBE_LABELS, 'outcome'] as const,
    registers,
  });
  const failures = createFailureCounter(registry);
  const statusCodes = new CounterFamily({
    name: 'gwscheck_probe_status_code_total',
    help: 'GWS envelope statusCode seen (0-20, other, or none when the body had none).',
    labelNames: [...PROBE_LABELS, 'status_code'] as const,
    registers,
  });
  const violations = new CounterFamily({
    name: 'gwscheck_probe_schema_violations_total',
    help: 'Schema violations by ajv keyword.',
    labelNames: [...PROBE_LABELS, 'keyword'] as const,
    registers,
  });
  const drift = new CounterFamily({
    name: 'gwscheck_probe_drift_total',
    help: 'Response-shape violations by drift grade: breaking, or additive (something new the schema does not know).',
    labelNames: [...PROBE_LABELS, 'grade'] as const,
    registers,
  });
  const phases = new GaugeFamily({
    name: 'gwscheck_probe_http_phase_seconds',
    help: 'HTTP phase durations of the last run: connect, tls, processing (to first byte), transfer.',
    labelNames: [...PROBE_LABELS, 'phase'] as const,
    registers,
  });
  const lastRun = new GaugeFamily({
    name: 'gwscheck_probe_last_run_timestamp_seconds',
    help: 'Unix time the last run of the probe started.',
    labelNames: PROBE_LABELS,
    registers,
  });
  const lastSuccess = new GaugeFamily({
    name: 'gwscheck_probe_last_success_timestamp_seconds',
    help: 'Unix time the last successful run of the probe started (0 before the first).',
    labelNames: PROBE_LABELS,
    registers,
  });
  const interval = new GaugeFamily({
    name: 'gwscheck_probe_interval_seconds',
    help: 'Configured time between two runs of the probe.',
    labelNames: PROBE_LABELS,
    registers,
  });
  const skipped = new CounterFamily({
    name: 'gwscheck_probe_skipped_runs_total',
    help: 'Scheduled runs skipped because the previous run of the same probe was still going.',
    labelNames: PROBE_LABELS,
    registers,
  });
  const settle = new HistogramFamily({
    name: 'gwscheck_state_change_settle_seconds',
    help: 'Time from sending an agent-state operation until the new state was observed.',
    labelNames: [...PROBE_LABELS, 'operation'] as const,
    buckets: [...DURATION_BUCKETS],
    registers,
  });
  const restoreFailures = new CounterFamily({
    name: 'gwscheck_state_restore_failures_total',
    help: 'Times the state-change probe left its test agent out of its starting state, by reason: restore_not_confirmed, stopped_mid_change, late_change.',
    labelNames: [...PROBE_LABELS, 'reason'] as const,
    registers,
  });
  const notificationSessions = new GaugeFamily({
    name: 'gwscheck_notification_sessions',
    help: 'CometD notification sessions the state-change probe holds open right now.',
    labelNames: ['target'] as const,
    registers,
  });
  const notificationLeaks = new CounterFamily({
    name: 'gwscheck_notification_sessions_leaked_total',
    help: 'Notification sessions whose disconnect the server did not confirm; it may keep them until it expires them.',
    labelNames: ['target'] as const,
    registers,
  });
  const connections = new CounterFamily({
    name: 'gwscheck_probe_connections_total',
    help: 'Connections the probes of a target opened (new) or took from the keep-alive pool (reused).',
    labelNames: ['target', 'connection'] as const,
    registers,
  });
  const certNotAfter = new GaugeFamily({
    name: 'gwscheck_tls_cert_not_after_timestamp_seconds',
    help: 'https targets: Unix time the earliest-expiring certificate of the chain the target presented expires (notAfter).',
    labelNames: ['target'] as const,
    registers,
  });
  const buildInfoGauge = new GaugeFamily({
    name: 'gwscheck_build_info',
    help: 'Always 1; the labels are the gwscheck version, its source revision and the Node.js version.',
    labelNames: ['version', 'revision', 'node'] as const,
    registers,
  });
  buildInfoGauge.set({ version: build.version, revision: build.revision, node: build.node }, 1);
  // Probes whose tls phase series exists: once there, a run on a reused socket sets it to 0 again.
  const tlsProbes = new Set<string>();

  return {
    /** Creates every series of a probe at 0, so rate() and absent() work from the first scrape. */
    declare(p: ProbeIdentity): void {
      const labels = { target: p.target, probe: p.probe };
      success.set(labels, 0);
      applicable.set(labels, 1);
      duration.zero(labels);
      for (const outcome of p.kind === 'state-change' ? STATE_CHANGE_OUTCOMES : PROBE_OUTCOMES) runs.inc({ ...labels, outcome }, 0);
      // Only the codes every healthy probe sees are created up front: all 23 codes for every probe
      // would be a third of all series on a 1,000-probe prober, and an unseen code needs no zero.
      for (const status_code of EAGER_STATUS_CODE_LABELS) statusCodes.inc({ ...labels, status_code }, 0);
      // Keywords are the breakdown a dashboard panel shows; the drift alerts read drift_total, which
      // exists from start-up, so the first breaking violation still fires them.
      for (const grade of DRIFT_GRADES) drift.inc({ ...labels, grade }, 0);
      for (const phase of EAGER_HTTP_PHASES) phases.set({ ...labels, phase }, 0);
      for (const connection of CONNECTION_KINDS) connections.inc({ target: p.target, connection }, 0);
      lastRun.set(labels, 0);
      lastSuccess.set(labels, 0);
      interval.set(labels, p.intervalSeconds);
      skipped.inc(labels, 0);
      if (p.kind === 'state-change') {
        for (const reason of STATE_RESTORE_FAILURE_REASONS) restoreFailures.inc({ ...labels, reason }, 0);
        notificationSessions.set({ target: p.target }, 0);
        notificationLeaks.inc({ target: p.target }, 0);
      }
    },

    record(result: ProbeResult): void {
      const labels = { target: result.target, probe: result.probe };
      const started = result.startedAt / 1000;
      lastRun.set(labels, started);
      applicable.set(labels, result.outcome === NOT_APPLICABLE ? 0 : 1);
      // No verdict: neither a run of the contract nor a failure (runs_total, the SLO), and success keeps the last verdict.
      if (result.outcome === NOT_APPLICABLE) return;
      success.set(labels, result.ok ? 1 : 0);
      if (result.ok) lastSuccess.set(labels, started);
      // The run's id links a latency and a failure to the run's page (OpenMetrics exemplars).
      const exemplar = runExemplar(result);
      runs.inc({ ...labels, outcome: result.outcome }, 1, result.ok ? undefined : exemplar);
      failures.record(result);
      duration.observe(labels, result.durationMs / 1000, exemplar);
      if (result.timings !== undefined) {
        for (const phase of HTTP_PHASES) {
          if (phase === 'tls') {
            const key = `${result.target}\u0000${result.probe}`;
            if (result.timings.tls === 0 && !tlsProbes.has(key)) continue;
            tlsProbes.add(key);
          }
          phases.set({ ...labels, phase }, result.timings[phase]);
        }
        if (result.timings.reused !== undefined) connections.inc({ target: result.target, connection: result.timings.reused ? 'reused' : 'new' });
      }
      // A statusCode (or its absence, `none`) exists only when a response arrived.
      if (result.responded) statusCodes.inc({ ...labels, status_code: statusCodeLabel(result.statusCode) });
      for (const violation of result.violations) {
        if (!SHAPE_KINDS.has(violation.kind)) continue;
        violations.inc({ ...labels, keyword: keywordLabel(violation.keyword) });
        drift.inc({ ...labels, grade: violation.grade });
      }
      if (result.certNotAfter !== undefined) certNotAfter.set({ target: result.target }, result.certNotAfter);
      if (result.stateChange !== undefined) {
        if (result.stateChange.settleMs !== null) {
          settle.observe({ ...labels, operation: result.stateChange.operation }, result.stateChange.settleMs / 1000, exemplar);
        }
        for (const reason of result.stateChange.restoreFailures) restoreFailures.inc({ ...labels, reason });
      }
    },

    /** Counts one target's notification sessions into gwscheck_notification_sessions and ..._leaked_total. */
    notificationSessions(target: string): NotificationSessionCounter {
      let leakedSoFar = 0;
      return createNotificationSessionCounter({
        onChange: ({ open, leaked }) => {
          notificationSessions.set({ target }, open);
          if (leaked > leakedSoFar) notificationLeaks.inc({ target }, leaked - leakedSoFar);
          leakedSoFar = leaked;
        },
      });
    },

    skipped(p: Pick<ProbeIdentity, 'target' | 'probe'>): void {
      skipped.inc({ target: p.target, probe: p.probe });
    },

    ...createTargetMetrics(registers),
  };
}

export type ProberMetrics = ReturnType<typeof createProberMetrics>;

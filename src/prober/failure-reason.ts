import type { ViolationKind } from '../contracts/index.ts';
import { NOT_APPLICABLE, type ProbeResult } from './types.ts';

/**
 * The `reason` label of gwscheck_probe_failures_total: why a failed run failed, one reason per run,
 * from this closed list (docs/prober.md lists it with each meaning).
 * - connection: no connection, or it broke (refused, reset, unknown host);
 * - tls: the TLS handshake or the certificate check failed;
 * - timeout: no complete answer within the probe's timeout;
 * - body_too_large: the answer's body was over the client's size limit;
 * - http_status, content_type, envelope, status_code, schema, latency: the answer broke that part
 *   of its contract (the first of these, in this order, when it broke several);
 * - operation_failed: GWS reported, after accepting it, that the operation failed (a Voice ErrorMessage);
 * - state_not_observed: the operation was accepted, but the state or event it leads to never showed
 *   within the settle timeout;
 * - request_not_sent: gwscheck could not build the request (a broken catalog entry, a URL over the limit).
 */
export const FAILURE_REASONS = [
  'connection',
  'tls',
  'timeout',
  'body_too_large',
  'http_status',
  'content_type',
  'envelope',
  'status_code',
  'schema',
  'latency',
  'operation_failed',
  'state_not_observed',
  'request_not_sent',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** Violation kinds, most decisive first: a wrong HTTP status explains a wrong body, not the other way round. */
const BY_VIOLATION: readonly (readonly [ViolationKind, FailureReason])[] = [
  ['http-status', 'http_status'],
  ['content-type', 'content_type'],
  ['envelope', 'envelope'],
  ['status-code', 'status_code'],
  ['schema', 'schema'],
  ['latency', 'latency'],
];

/** The reason a judged outcome stands for when the run kept no violation (a parameter source's body lacked the value). */
const BY_JUDGED_OUTCOME: Readonly<Record<string, FailureReason>> = {
  schema_violation: 'schema',
  status_code_error: 'status_code',
  http_error: 'http_status',
  slow: 'latency',
};

/** The settle-timeout outcomes of the state-change and synthetic probes. */
const NOT_OBSERVED: ReadonlySet<string> = new Set([
  'async_timeout',
  'setup_timeout',
  'release_timeout',
  'channel_not_ready',
  'delivery_timeout',
  'accept_timeout',
  'message_timeout',
  'complete_timeout',
]);

/** Why a run failed; undefined for a run that held, or that found nothing to probe. */
export function failureReason(result: Pick<ProbeResult, 'ok' | 'outcome' | 'violations' | 'error'>): FailureReason | undefined {
  if (result.ok || result.outcome === NOT_APPLICABLE) return undefined;
  const error = result.error ?? '';
  switch (result.outcome) {
    case 'timeout':
      return 'timeout';
    case 'network_error':
      // The client names a TLS failure `TLS <code> (...)`.
      return error.startsWith('TLS ') ? 'tls' : 'connection';
    case 'dial_failed':
      return 'operation_failed';
    default:
      break;
  }
  if (NOT_OBSERVED.has(result.outcome)) return 'state_not_observed';
  if (error.startsWith('request not sent:')) return 'request_not_sent';
  for (const [kind, reason] of BY_VIOLATION) if (result.violations.some((v) => v.kind === kind && v.grade === 'breaking')) return reason;
  // A capped body is the client's too_large, reported as http_error without a violation.
  if (result.outcome === 'http_error' && /over the \d+-byte limit/.test(error)) return 'body_too_large';
  return BY_JUDGED_OUTCOME[result.outcome] ?? 'http_status';
}

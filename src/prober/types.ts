import type { PhaseTimings } from '../client/index.ts';
import type { JudgedOutcome, Violation } from '../contracts/index.ts';
import type { ReportedExchange } from '../reporters/index.ts';

/** Outcome label values of every probe; each series exists at 0 from start-up. */
export const PROBE_OUTCOMES = [
  'success',
  'slow',
  'schema_violation',
  'status_code_error',
  'http_error',
  'timeout',
  'network_error',
] as const satisfies readonly (JudgedOutcome | 'timeout' | 'network_error')[];

/** The state-change probe adds one outcome: the new state never showed within the settle timeout. */
export const STATE_CHANGE_OUTCOMES = [...PROBE_OUTCOMES, 'async_timeout'] as const;

/**
 * The synthetic-call probe's outcomes: those of its Dial request, then what became of the call.
 * dial_failed: GWS reported the Dial's failure after acknowledging it (a Voice ErrorMessage);
 * setup_timeout: no Established call within the settle timeout; release_timeout: the Hangup was
 * sent but no Released within the settle timeout.
 */
export const SYNTHETIC_CALL_OUTCOMES = [...PROBE_OUTCOMES, 'dial_failed', 'setup_timeout', 'release_timeout'] as const;

/**
 * A run that found nothing to probe: the probe user has no such resource (no device, no voice
 * channel, no role), the server lacks an unconfirmed endpoint, or the target does not enable a
 * feature the operation needs (GET /features does not list it). No verdict, so no outcome series:
 * gwscheck_probe_applicable says it instead.
 */
export const NOT_APPLICABLE = 'not_applicable';

/**
 * Why gwscheck_state_restore_failures_total counted (its `reason` label). restore_not_confirmed: a
 * restore was sent (twice) and no read showed the state it restores within the settle timeout;
 * stopped_mid_change: the prober stopped while a change without an answer could still arrive, so
 * the restore sent then could be overtaken by it; late_change: a change an earlier run sent and
 * never saw take effect (no answer, or acknowledged and not observed) applied after that run had
 * ended, and a later run found the agent in its state.
 */
export const STATE_RESTORE_FAILURE_REASONS = ['restore_not_confirmed', 'stopped_mid_change', 'late_change'] as const;
export type StateRestoreFailureReason = (typeof STATE_RESTORE_FAILURE_REASONS)[number];

/**
 * Why gwscheck_call_cleanup_failures_total counted (its `reason` label). hangup_not_confirmed: a
 * call the run created was still there after its Hangups; late_call: a Dial an earlier run gave up
 * on (no answer, or acknowledged and no call seen) placed its call after that run had ended, and a
 * later run found it.
 */
export const CALL_CLEANUP_FAILURE_REASONS = ['hangup_not_confirmed', 'late_call'] as const;
export type CallCleanupFailureReason = (typeof CALL_CLEANUP_FAILURE_REASONS)[number];

/**
 * The synthetic-chat probe's outcomes: those of its requests (RequestChat, Accept, the messages,
 * the Completes, the chat channel's Ready), then what became of the chat. channel_not_ready: the
 * test agent's chat channel could not be made Ready (no chat channel, logged out, or Ready never
 * showed); delivery_timeout: the chat was not offered to the test agent within the settle timeout;
 * accept_timeout: Accept was acknowledged but the chat never showed Chatting; message_timeout: a
 * message did not reach the other side; complete_timeout: the agent's Complete was acknowledged
 * but the chat never showed Completed.
 */
export const SYNTHETIC_CHAT_OUTCOMES = [
  ...PROBE_OUTCOMES,
  'channel_not_ready',
  'delivery_timeout',
  'accept_timeout',
  'message_timeout',
  'complete_timeout',
] as const;

/** The `direction` label of gwscheck_chat_message_seconds: who sent the message. */
export const CHAT_MESSAGE_DIRECTIONS = ['agent_to_customer', 'customer_to_agent'] as const;
export type ChatMessageDirection = (typeof CHAT_MESSAGE_DIRECTIONS)[number];

/**
 * Why gwscheck_chat_cleanup_failures_total counted (its `reason` label). complete_not_confirmed: a
 * chat the run opened was still open after its Completes; late_chat: a RequestChat an earlier run
 * gave up on (no answer) opened its chat after that run had ended, and a later run found it;
 * channel_not_restored: the chat channel the probe set Ready was not confirmed back in NotReady
 * (or a Ready sent without an answer applied after its run), so real chats could reach the test agent.
 */
export const CHAT_CLEANUP_FAILURE_REASONS = ['complete_not_confirmed', 'late_chat', 'channel_not_restored'] as const;
export type ChatCleanupFailureReason = (typeof CHAT_CLEANUP_FAILURE_REASONS)[number];

export type ProbeOutcome =
  | (typeof STATE_CHANGE_OUTCOMES)[number]
  | (typeof SYNTHETIC_CALL_OUTCOMES)[number]
  | (typeof SYNTHETIC_CHAT_OUTCOMES)[number]
  | typeof NOT_APPLICABLE;

export type ProbeKind = 'operation' | 'state-change' | 'synthetic-call' | 'synthetic-chat';

/** What one run of one probe found. Carries no credentials; a response body only in a failed run's `exchange`, cut short. */
export interface ProbeResult {
  readonly target: string;
  /** The operation id the probe exercises. */
  readonly probe: string;
  readonly kind: ProbeKind;
  /** The probe met its whole contract. */
  readonly ok: boolean;
  readonly outcome: ProbeOutcome;
  /** The GWS envelope statusCode, or null when the body had none (or there was no body). */
  readonly statusCode: number | null;
  /** An HTTP response arrived (whatever it held); false on timeout, network error or a capped body. */
  readonly responded: boolean;
  /** Wall time of the run's main request in milliseconds. */
  readonly durationMs: number;
  /** Phases of the main request; absent when the request was never sent. */
  readonly timings?: PhaseTimings;
  readonly violations: readonly Violation[];
  /** One line on a network failure or a setup problem, or why the probe does not apply (never a credential). */
  readonly error?: string;
  /** Epoch milliseconds when the run started. */
  readonly startedAt: number;
  /**
   * State-change probe only: the operationName the agent was moved with, the settle time, whether
   * the agent is confirmed back in its starting state, and what the run counts in
   * gwscheck_state_restore_failures_total (one entry per increment).
   */
  readonly stateChange?: {
    readonly operation: string;
    readonly settleMs: number | null;
    readonly restored: boolean;
    readonly restoreFailures: readonly StateRestoreFailureReason[];
  };
  /**
   * Synthetic-call probe only: milliseconds from the Dial to Established and from the Hangup to
   * Released (null when not observed), whether every call the run created is confirmed gone, and
   * what the run counts in gwscheck_call_cleanup_failures_total (one entry per increment).
   */
  readonly call?: {
    readonly setupMs: number | null;
    readonly teardownMs: number | null;
    readonly cleanedUp: boolean;
    readonly cleanupFailures: readonly CallCleanupFailureReason[];
  };
  /**
   * Synthetic-chat probe only: milliseconds from RequestChat until the offer reached the test agent,
   * from each message until the other side's transcript showed it (null when not observed), whether
   * every chat the run opened is confirmed completed and its chat channel back as it was, and what
   * the run counts in gwscheck_chat_cleanup_failures_total (one entry per increment).
   */
  readonly chat?: {
    readonly deliveryMs: number | null;
    readonly messageMs: Readonly<Record<ChatMessageDirection, number | null>>;
    readonly cleanedUp: boolean;
    readonly cleanupFailures: readonly ChatCleanupFailureReason[];
  };
  /**
   * The run's id, unique within the prober process: the results pages (`/probes/{target}/{probe}#run-{id}`)
   * and the exemplars name the run by it. Set by the prober when the run is reported.
   */
  readonly runId?: string;
  /**
   * Failed runs only: the decisive request as sent and the answer as received (headers, body cut to
   * a bounded size), every credential masked.
   */
  readonly exchange?: ReportedExchange;
  /** The server's version, when this run read diagnostics/version. */
  readonly serverVersion?: string;
  /** https: the earliest notAfter of the certificate chain the server presented, epoch seconds. */
  readonly certNotAfter?: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

/** What an event is about, beside its message: `target` and `probe` above all. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where the prober's few log lines go (the CLI writes them through createLogger). */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The outside world's time: timestamps, durations and waits, replaceable in tests. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** The run met its contract, or found nothing to probe: neither fails `--once`. */
export function heldOrNotApplicable(result: ProbeResult): boolean {
  return result.ok || result.outcome === NOT_APPLICABLE;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The fields of a failed result's log line: outcome, statusCode, the first reason and the run's id. */
export function resultFields(result: ProbeResult): LogFields {
  return {
    target: result.target,
    probe: result.probe,
    outcome: result.outcome,
    ...(result.statusCode !== null ? { statusCode: result.statusCode } : {}),
    ...(result.error !== undefined || result.violations[0] !== undefined ? { reason: result.error ?? result.violations[0]?.message } : {}),
    // The run on the results pages: /runs/{run}.
    ...(result.runId !== undefined ? { run: result.runId } : {}),
  };
}

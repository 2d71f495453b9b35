import type { PhaseTimings } from '../client/index.ts';
import type { JudgedOutcome, Violation } from '../contracts/index.ts';

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

export type ProbeOutcome = (typeof STATE_CHANGE_OUTCOMES)[number] | (typeof SYNTHETIC_CALL_OUTCOMES)[number];

export type ProbeKind = 'operation' | 'state-change' | 'synthetic-call';

/** What one run of one probe found. Carries no credentials and no response body. */
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
  /** One line on a network failure or a setup problem (never a credential). */
  readonly error?: string;
  /** Epoch milliseconds when the run started. */
  readonly startedAt: number;
  /** State-change probe only: the operationName the agent was moved with, and the settle time. */
  readonly stateChange?: {
    readonly operation: string;
    readonly settleMs: number | null;
    readonly restored: boolean;
  };
  /**
   * Synthetic-call probe only: milliseconds from the Dial to Established and from the Hangup to
   * Released (null when not observed), and whether every call the run created is confirmed gone.
   */
  readonly call?: {
    readonly setupMs: number | null;
    readonly teardownMs: number | null;
    readonly cleanedUp: boolean;
  };
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

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The fields of a failed result's log line: outcome, statusCode and the first reason. */
export function resultFields(result: ProbeResult): LogFields {
  return {
    target: result.target,
    probe: result.probe,
    outcome: result.outcome,
    ...(result.statusCode !== null ? { statusCode: result.statusCode } : {}),
    ...(result.error !== undefined || result.violations[0] !== undefined ? { reason: result.error ?? result.violations[0]?.message } : {}),
  };
}

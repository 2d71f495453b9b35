/**
 * What a contract records on its vitest task, shared by the kit (which writes it) and the runner
 * (whose collector reads it for the reports).
 */
import type { Violation } from '../contracts/index.ts';
import type { OperationShapes } from '../drift/index.ts';
import type { ReportedExchange } from '../reporters/index.ts';

/** A violation with the request whose answer showed it (`GET /me?fields=*`). */
export type GateViolation = Violation & { readonly request?: string };

/** What a contract leaves on its vitest task for the reporters (JSON-serialisable). */
export interface GateTaskMeta {
  readonly operation?: string;
  readonly violations: readonly GateViolation[];
  readonly exchange?: ReportedExchange;
  readonly latencyMs?: number;
}

/** Failed attempts of a contract run with retries: what each said, and how many errors were seen. */
export interface GateAttemptLog {
  readonly seenErrors: number;
  /** One entry per failed attempt: a headline line, then the whole message. */
  readonly failures: readonly string[];
}

declare module 'vitest' {
  interface TaskMeta {
    gate?: GateTaskMeta;
    /** Success-body shapes per operation, kept across attempts (only with `observeShapes`). */
    gateShapes?: OperationShapes;
    gateAttempts?: GateAttemptLog;
  }
}


import type { GateTarget } from '../config/index.ts';

/** What the gate runner hands every spec worker (vitest `provide` / `inject`). */
export interface GateRunContext {
  readonly target: GateTarget;
  readonly timeoutMs: number;
  readonly latencyBudgetMs?: number;
  readonly httpStatusStrict: boolean;
  readonly asyncDeadlineMs: number;
}

declare module 'vitest' {
  interface ProvidedContext {
    gate: GateRunContext;
  }
}

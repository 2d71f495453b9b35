import type { GateTarget } from '../config/index.ts';

/** What the gate runner hands every spec worker (vitest `provide` / `inject`). */
export interface GateRunContext {
  readonly target: GateTarget;
  readonly timeoutMs: number;
  readonly latencyBudgetMs?: number;
  readonly httpStatusStrict: boolean;
  readonly asyncDeadlineMs: number;
  /** How asynchronous outcomes are observed (default auto: notifications when the server has a CometD endpoint). */
  readonly notifications?: 'auto' | 'required' | 'off';
  /** Additive drift fails a contract too (`--strict`). */
  readonly strict?: boolean;
  /** Record the shape of every success body (`--record`/`--compare`). */
  readonly observeShapes?: boolean;
  /** Pause before the first rerun of a failed contract; doubles for each further one (`--retries`). */
  readonly retryBackoffMs?: number;
  /**
   * The features the server enables (GET /features), read once before any contract; absent when the
   * server lists none (a GWS without the features resource): every contract then runs.
   */
  readonly features?: readonly string[];
  /** The target is a static mock (`--static-mock`): contracts that need a server with state are skipped. */
  readonly staticMock?: boolean;
}

declare module 'vitest' {
  interface ProvidedContext {
    gate: GateRunContext;
  }
}

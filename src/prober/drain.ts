/** How long a run hurried by the drain has to wrap up: a state-change probe restores its agent. */
export const HURRY_MS = 2000;
/**
 * The longest a run's own `drainMs` holds the drain: with HURRY_MS and the exit, a stop stays within
 * the 15 s a supervisor gives (deploy/systemd TimeoutStopSec, the StatefulSet's grace period).
 */
export const MAX_RUN_DRAIN_MS = 10_000;

/** Resolves true when every run has ended within `ms`, false when the time ran out first. */
function endWithin(runs: readonly Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const ended = Promise.all(runs.map((run) => run.catch(() => undefined))).then(() => true);
  return Promise.race([ended, late]).finally(() => clearTimeout(timer));
}

/** A run in progress; `drainMs` for one that restores what it changed when hurried (the state-change probe). */
export interface DrainedRun {
  readonly done: Promise<unknown>;
  /** How long it may go on undisturbed, when longer than the drain's bound: its change must be done before a restore. */
  readonly drainMs?: number | undefined;
}

/**
 * Lets runs in progress finish: undisturbed for `drainTimeoutMs` (or the longest run's own
 * `drainMs`, at most MAX_RUN_DRAIN_MS); then `hurry()` tells those still going to wrap up, and one that restores state gets
 * HURRY_MS for it. Resolves true when every run ended, false when some were still going.
 */
export async function drainRuns(runs: readonly DrainedRun[], drainTimeoutMs: number, hurry: () => void): Promise<boolean> {
  if (runs.length === 0) return true;
  const going = new Set(runs);
  for (const run of runs) void run.done.catch(() => undefined).then(() => going.delete(run));
  if (await endWithin(runs.map((run) => run.done), Math.max(drainTimeoutMs, ...runs.map((run) => Math.min(run.drainMs ?? 0, MAX_RUN_DRAIN_MS))))) return true;
  hurry();
  const restoring = [...going].filter((run) => run.drainMs !== undefined);
  if (restoring.length > 0) await endWithin(restoring.map((run) => run.done), HURRY_MS);
  return going.size === 0;
}

// setupFiles of the gate's vitest run: what happens between the attempts of a contract run with
// retries. vitest reruns the whole test function, so a contract's own state restoring
// (withAgentRestored) runs again for every attempt.
import { beforeEach, inject } from 'vitest';
import { STOPPED_NOTE, listenForStop } from '../stop-channel.ts';

/** The longest pause between two attempts, however many retries were asked for. */
const MAX_BACKOFF_MS = 8000;
const DEFAULT_BACKOFF_MS = 250;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function headline(violations: readonly { grade: string; message: string }[] | undefined, message: string): string {
  const breaking = (violations ?? []).filter((v) => v.grade === 'breaking').map((v) => v.message);
  return breaking.length > 0 ? breaking.join('; ') : (message.split('\n')[0] ?? '');
}

const stopRequested = listenForStop();

// A stopped run (SIGINT, SIGTERM) starts no further contract, nor a further attempt of one; the
// contract that is running finishes, its restore included.
beforeEach((context) => {
  if (stopRequested()) context.skip(STOPPED_NOTE);
});

beforeEach(async ({ task }) => {
  const retry = task.result?.retryCount ?? 0;
  if (retry === 0) return;
  // Keep what the failed attempt said, then start this attempt with a clean record.
  const errors = task.result?.errors ?? [];
  const log = task.meta.gateAttempts ?? { seenErrors: 0, failures: [] };
  const message = errors
    .slice(log.seenErrors)
    .map((e) => e.message)
    .join('\n');
  task.meta.gateAttempts = { seenErrors: errors.length, failures: [...log.failures, `${headline(task.meta.gate?.violations, message)}\n${message}`] };
  delete task.meta.gate;
  // A transient fault often needs a moment: back off exponentially from the configured pause.
  const base = inject('gate').retryBackoffMs ?? DEFAULT_BACKOFF_MS;
  await pause(Math.min(base * 2 ** (retry - 1), MAX_BACKOFF_MS));
});

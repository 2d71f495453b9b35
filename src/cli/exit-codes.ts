/** The one exit-code table of every gwscheck command. */
export const EXIT = {
  ok: 0,
  contractFailed: 1,
  usage: 2,
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad flags, environment or config file: printed as one line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The target could not be reached at all: exit 3. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

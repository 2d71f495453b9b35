import { ConfigError } from '../config/index.ts';

/** The one exit-code table of every gwscheck command. */
export const EXIT = {
  ok: 0,
  contractFailed: 1,
  usage: 2,
  unreachable: 3,
  /** A fault inside gwscheck itself: never read as "a contract failed". */
  internal: 4,
  /** `contract` stopped by SIGINT (Ctrl-C): 128 + 2, the shell's convention. */
  interrupted: 130,
  /** `contract` stopped by SIGTERM: 128 + 15. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad flags or arguments: printed one line per problem, exit 2 like any configuration problem. */
export class UsageError extends ConfigError {
  override readonly name = 'UsageError';
}

/** The target could not be reached at all: exit 3. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

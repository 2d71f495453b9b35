import type { Problems } from './errors.ts';
import type { ResultsPagesFlags } from './results-pages.ts';
import { parseDuration, parseListen, parseSchedule, parseShard, type ListenAddress, type ProbeSchedule, type Shard } from './values.ts';

/** Command-line values; each one wins over the config file and the environment. */
export interface ProberFlags extends ResultsPagesFlags {
  readonly config?: string;
  readonly listen?: string;
  readonly interval?: string;
  readonly timeout?: string;
  readonly shard?: string;
  /** Probe an embedded simulator: refused together with another source of targets. */
  readonly simulator?: boolean;
  /** Wins over the file's `strict`; there is no flag to turn a file's `strict: true` off. */
  readonly strict?: boolean;
}

/** The flags, each parsed once; a flag that failed is absent and its problem recorded. */
export interface FlagValues {
  readonly listen?: ListenAddress;
  readonly schedule?: ProbeSchedule;
  readonly timeoutMs?: number;
  readonly shard?: Shard;
}

export function parseFlags(flags: ProberFlags, problems: Problems): FlagValues {
  const parse = <T>(text: string | undefined, fn: (text: string) => T): T | undefined =>
    text === undefined ? undefined : problems.check(() => fn(text));
  const listen = parse(flags.listen, (t) => parseListen(t, '--listen'));
  const schedule = parse(flags.interval, (t) => parseSchedule(t, '--interval'));
  const timeoutMs = parse(flags.timeout, (t) => parseDuration(t, '--timeout'));
  const shard = parse(flags.shard, (t) => parseShard(t, '--shard'));
  return { ...(listen ? { listen } : {}), ...(schedule ? { schedule } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(shard ? { shard } : {}) };
}

import { createRequire } from 'node:module';
import { ConfigError } from './errors.ts';

/** Node's timers hold a signed 32-bit millisecond count; anything longer fires after 1 ms. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION = /^(\d+)(ms|s|m|h)$/;
const BARE_OR_DURATION = /^(\d+)(ms|s|m|h)?$/;

export interface DurationRule {
  /** Shortest accepted duration (default 1 ms). */
  readonly minMs?: number;
  /** Longest accepted duration (default and at most MAX_DURATION_MS). */
  readonly maxMs?: number;
  /** A bare number means milliseconds: kept for flags that took milliseconds before units existed. */
  readonly bareMilliseconds?: boolean;
}

/** `90000` → `1m30s` is not a unit the grammar has, so the largest unit that divides evenly. */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms !== 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

function longest(maxMs: number): string {
  const text = formatDuration(maxMs);
  return maxMs >= UNIT_MS.h && maxMs % UNIT_MS.h !== 0 ? `${text}, about ${Math.floor(maxMs / UNIT_MS.h)}h` : text;
}

/**
 * The one duration grammar of every time flag and config key: a whole number and a unit, `500ms`,
 * `5s`, `2m`, `1h`; a bare number means milliseconds only where the rule says so. Range-checked.
 */
export function parseDuration(text: string, key: string, rule: DurationRule = {}): number {
  const minMs = rule.minMs ?? 1;
  const maxMs = Math.min(rule.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  const match = (rule.bareMilliseconds === true ? BARE_OR_DURATION : DURATION).exec(text);
  const examples = rule.bareMilliseconds === true ? 'e.g. 500ms, 5s, 1m, or 3000 for milliseconds' : 'e.g. 500ms, 5s or 1m';
  if (!match) throw new ConfigError(`${key} "${text}" is not a duration (expected ${examples})`);
  const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as Unit];
  if (ms > maxMs || ms < minMs) {
    throw new ConfigError(`${key} "${text}" is out of range (expected ${formatDuration(minMs)} to ${longest(maxMs)})`);
  }
  return ms;
}

/**
 * When a probe runs: every N seconds/minutes/hours (spread by the prober over the period), or a
 * six-field cron expression taken as written. node-cron's resolution is one second, so one
 * second is the shortest interval.
 */
export type ProbeSchedule =
  | { readonly kind: 'every'; readonly seconds: number; readonly text: string }
  | { readonly kind: 'cron'; readonly expression: string; readonly text: string };

const SCHEDULE_EXPECTED =
  'expected 1s to 30s dividing 60 (e.g. 5s, 15s, 30s), 1m to 30m dividing 60, 1h to 12h dividing 24, or a six-field cron expression';

/** Cron fields count from 0 in each minute, hour and day, so only divisors repeat evenly. */
function evenInterval(seconds: number): boolean {
  if (!Number.isInteger(seconds)) return false;
  if (seconds < 60) return 60 % seconds === 0;
  if (seconds < 3600) return seconds % 60 === 0 && 60 % (seconds / 60) === 0;
  if (seconds < 86_400) return seconds % 3600 === 0 && 24 % (seconds / 3600) === 0;
  return false;
}

/**
 * node-cron, loaded when a cron expression is first checked: most schedules are intervals, and the
 * gate, which never schedules, does not pay for it at start-up.
 */
function cronLibrary(): typeof import('node-cron').default {
  return createRequire(import.meta.url)('node-cron') as typeof import('node-cron').default;
}

/**
 * `15s`, `1m`, `2h` or a six-field cron expression. A shorthand must divide its unit evenly
 * (cron fields count from 0 in each minute/hour/day), so `45s` would not run every 45 s.
 */
export function parseSchedule(text: string, key: string): ProbeSchedule {
  const trimmed = text.trim();
  if (DURATION.test(trimmed)) {
    const ms = parseDuration(trimmed, key, { minMs: 0 });
    if (ms < 1000) throw new ConfigError(`${key} "${text}" is shorter than node-cron's one-second resolution (${SCHEDULE_EXPECTED})`);
    if (!evenInterval(ms / 1000)) throw new ConfigError(`${key} "${text}" is not an interval the schedule can keep (${SCHEDULE_EXPECTED})`);
    return Object.freeze({ kind: 'every', seconds: ms / 1000, text: trimmed });
  }
  if (trimmed.split(/\s+/).length !== 6) {
    throw new ConfigError(`${key} "${text}" is neither an interval nor a six-field cron expression (expected e.g. 15s, 1m or "*/15 * * * * *")`);
  }
  const detail = cronLibrary().validateDetailed(trimmed);
  if (!detail.valid) {
    const first = detail.errors[0];
    throw new ConfigError(`${key} "${text}" is not a valid cron expression (${first ? `${first.field}: ${first.message}` : 'expected six fields, seconds first'})`);
  }
  return Object.freeze({ kind: 'cron', expression: trimmed, text: trimmed });
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** `host:port` or `[v6]:port`; port 0 asks the system for a free port. */
export function parseListen(text: string, key: string): ListenAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  const host = match ? (match[1] ?? match[2] ?? '') : '';
  if (!match || host === '' || port > 65535) {
    throw new ConfigError(`${key} "${text}" is not host:port (expected e.g. 127.0.0.1:9464 or 0.0.0.0:9464; port 0 picks a free port)`);
  }
  return Object.freeze({ host, port });
}

/** One replica's share of the probes: `--shard INDEX/COUNT`, 0 <= INDEX < COUNT. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `INDEX/COUNT`, both safe whole numbers. */
export function parseShard(text: string, key = '--shard'): Shard {
  const match = /^(\d{1,15})\/(\d{1,15})$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new ConfigError(`${key} "${text}" is not INDEX/COUNT with 0 <= INDEX < COUNT (expected e.g. 0/3, 1/3, 2/3)`);
  }
  return Object.freeze({ index, count });
}

/** A whole number in a range, e.g. `--retries 2`. */
export function parseWholeNumber(text: string, key: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d{1,15}$/.test(text) || n < min || n > max) {
    throw new ConfigError(`${key} "${text}" is not an integer from ${min} to ${max}`);
  }
  return n;
}

import { ConfigError, type Problems } from './errors.ts';
import { parseWholeNumber } from './values.ts';

/** What the prober's results pages keep (`--results-runs`, `--results-detail-bytes`, `--no-results-pages`, the file's `resultsPages`). */
export interface ResultsPagesConfig {
  /** false: the pages answer 404 and no run is kept. */
  readonly enabled: boolean;
  /** The last runs kept per probe, 1 to 1000. */
  readonly runs: number;
  /** The byte budget of every failed run's details together. */
  readonly detailBytes: number;
}

const MIB = 1024 * 1024;
export const MAX_RESULTS_RUNS = 1000;
/** A budget past this is a typo more likely than a plan: the details live in the prober's heap. */
export const MAX_DETAIL_BYTES = 1024 * MIB;

export const RESULTS_PAGES_DEFAULTS: ResultsPagesConfig = Object.freeze({ enabled: true, runs: 20, detailBytes: 32 * MIB });

export const RESULTS_PAGES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'the results pages: {enabled, runs, detailBytes}',
  properties: {
    enabled: { type: 'boolean', description: 'true or false' },
    runs: { type: 'integer', description: `a whole number of runs from 1 to ${MAX_RESULTS_RUNS}` },
    // A number or a string (`32MiB`): parseByteSize reads either and names any other value.
    detailBytes: { description: 'a size such as 33554432 or 32MiB' },
  },
} as const;

export interface RawResultsPages {
  enabled?: boolean;
  runs?: number;
  detailBytes?: unknown;
}

/** The results pages' command-line values. */
export interface ResultsPagesFlags {
  readonly resultsRuns?: string;
  readonly resultsDetailBytes?: string;
  /** `--no-results-pages`. */
  readonly noResultsPages?: boolean;
}

const UNIT_BYTES = { B: 1, KiB: 1024, MiB: MIB, GiB: 1024 * MIB } as const;

/** A size in bytes: a whole number, optionally with B, KiB, MiB or GiB (`33554432`, `32MiB`); 0 to 1GiB. */
export function parseByteSize(text: string, key: string): number {
  const match = /^(\d{1,13})\s*(B|KiB|MiB|GiB)?$/.exec(text.trim());
  if (match === null) throw new ConfigError(`${key} "${text}" is not a size in bytes (expected a whole number of bytes, or one with KiB, MiB or GiB, e.g. 33554432 or 32MiB)`);
  const bytes = Number(match[1]) * UNIT_BYTES[(match[2] ?? 'B') as keyof typeof UNIT_BYTES];
  if (bytes > MAX_DETAIL_BYTES) throw new ConfigError(`${key} "${text}" is out of range (expected 0 to 1GiB)`);
  return bytes;
}

function runsOf(value: number, key: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_RESULTS_RUNS) {
    throw new ConfigError(`${key} ${value} is out of range (expected a whole number of runs from 1 to ${MAX_RESULTS_RUNS})`);
  }
  return value;
}

/** The file's `resultsPages` over the defaults; each bad value is a problem and keeps its default. */
export function resultsPagesOf(raw: RawResultsPages | undefined, at: (key: string) => string, problems: Problems): ResultsPagesConfig {
  const base = RESULTS_PAGES_DEFAULTS;
  if (raw === undefined) return base;
  const runs = raw.runs === undefined ? undefined : problems.check(() => runsOf(raw.runs ?? 0, at('resultsPages.runs')));
  const detail = raw.detailBytes;
  const detailBytes = detail === undefined ? undefined : problems.check(() => parseByteSize(typeof detail === 'number' || typeof detail === 'string' ? String(detail) : JSON.stringify(detail), at('resultsPages.detailBytes')));
  return Object.freeze({ enabled: raw.enabled ?? base.enabled, runs: runs ?? base.runs, detailBytes: detailBytes ?? base.detailBytes });
}

/** The flags over `base` (the file's, or the defaults): each flag wins over its key. */
export function withResultsFlags(base: ResultsPagesConfig, flags: ResultsPagesFlags, problems: Problems): ResultsPagesConfig {
  const runs = flags.resultsRuns === undefined ? undefined : problems.check(() => parseWholeNumber(flags.resultsRuns ?? '', '--results-runs', 1, MAX_RESULTS_RUNS));
  const detailBytes = flags.resultsDetailBytes === undefined ? undefined : problems.check(() => parseByteSize(flags.resultsDetailBytes ?? '', '--results-detail-bytes'));
  return Object.freeze({
    enabled: flags.noResultsPages === true ? false : base.enabled,
    runs: runs ?? base.runs,
    detailBytes: detailBytes ?? base.detailBytes,
  });
}

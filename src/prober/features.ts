import { decodedSegment } from './query-text.ts';
import type { GwsClient } from '../client/index.ts';
import type { ProbeSchedule } from '../config/index.ts';
import { describeAnswer, isNotFound, statusMessageOf } from './applicability.ts';
import type { Clock, Logger } from './types.ts';

/** How often each target's features are read again after the read at start-up: every 5 minutes. */
export const FEATURE_SCHEDULE: ProbeSchedule = Object.freeze({ kind: 'every', seconds: 300, text: '5m' });

/** A feature id becomes a label value: GWS names them `api-voice`, `api-multimedia`, ... */
const FEATURE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Label values are bounded: a list longer than this is cut (GWS has a few dozen features). */
const MAX_FEATURES = 200;

/** What one `GET /features?fields=*` said. */
export type FeatureRead =
  | { readonly kind: 'listed'; readonly features: ReadonlySet<string> }
  /** HTTP 404 or statusCode 6: a GWS older than the features resource (8.5.1). */
  | { readonly kind: 'unsupported'; readonly answer: string }
  /** No answer, or an answer that lists nothing usable: the last known features stand. */
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * The feature ids of a `GET /features` answer: `features[].id` (with `fields=*`), or the last path
 * segment of each of `uris` (a server that ignores `fields`); undefined when it holds neither.
 * Ids that cannot be a label value are left out.
 */
export function featureIds(body: unknown): string[] | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const { features, uris } = body as { features?: unknown; uris?: unknown };
  let ids: unknown[];
  if (Array.isArray(features)) {
    ids = features.map((f: unknown) => (f !== null && typeof f === 'object' ? (f as { id?: unknown }).id : undefined));
  } else if (Array.isArray(uris)) {
    ids = uris.map((uri: unknown) => {
      const match = typeof uri === 'string' ? /\/features\/([^/?#]+)\/?(?:[?#].*)?$/.exec(uri) : null;
      return match?.[1] === undefined ? undefined : decodedSegment(match[1]);
    });
  } else {
    return undefined;
  }
  const valid = ids.filter((id): id is string => typeof id === 'string' && FEATURE_ID.test(id));
  return [...new Set(valid)].slice(0, MAX_FEATURES);
}

/** Reads the features the target's contact center enables [src: FEATURES]. Never rejects. */
export async function readFeatures(client: GwsClient, timeoutMs: number): Promise<FeatureRead> {
  let result;
  try {
    result = await client.request({ method: 'GET', path: '/features', query: { fields: '*' }, timeoutMs });
  } catch (error) {
    return { kind: 'failed', reason: `GET /features not sent: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (result.kind !== 'response') return { kind: 'failed', reason: `GET /features: ${result.error}` };
  const { httpStatus, body } = result.response;
  const raw = body !== null && typeof body === 'object' ? (body as { statusCode?: unknown }).statusCode : undefined;
  const statusMessage = statusMessageOf(body);
  const answer = { httpStatus, statusCode: typeof raw === 'number' ? raw : null, ...(statusMessage !== undefined ? { statusMessage } : {}) };
  if (isNotFound(answer)) return { kind: 'unsupported', answer: describeAnswer(answer) };
  if (httpStatus !== 200 || answer.statusCode !== 0) {
    return { kind: 'failed', reason: `GET /features answered HTTP ${httpStatus}${answer.statusCode === null ? '' : `, ${describeAnswer(answer)}`}` };
  }
  const ids = featureIds(body);
  if (ids === undefined) return { kind: 'failed', reason: 'GET /features answered statusCode 0 without a list (expected features[].id or uris)' };
  return { kind: 'listed', features: new Set(ids) };
}

/** What the prober knows of one target's features. */
export interface TargetFeatures {
  readonly target: string;
  /** The features the target enables; undefined while unknown (not read yet, never listed, or no features resource). */
  enabled(): ReadonlySet<string> | undefined;
  /** The features once a first read has finished (starting one if none has). */
  current(): Promise<ReadonlySet<string> | undefined>;
  /** Reads them now; a read already in progress is shared. Never rejects. */
  refresh(): Promise<void>;
  /** Reads them again when the last read finished more than `ms` ago (or none has); resolves when known. */
  refreshIfOlderThan(ms: number): Promise<ReadonlySet<string> | undefined>;
  /** No more reads; a read in progress is ignored when it ends. */
  close(): void;
}

export interface TargetFeaturesOptions {
  readonly target: string;
  /** The target's user (or, without one, its admin): GET /features is for agents and admins. */
  readonly client: GwsClient;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly redact: (text: string) => string;
  /** Every read that changes what is known: the features listed, or undefined for a target without the resource. */
  readonly onChange: (enabled: ReadonlySet<string> | undefined) => void;
}

/**
 * One target's features: read at start-up and on a schedule (the prober's), kept when a read fails,
 * forgotten when the server has no features resource. Logs what changes, once.
 */
export function createTargetFeatures(options: TargetFeaturesOptions): TargetFeatures {
  const { target, logger } = options;
  const about = { target };
  let enabled: ReadonlySet<string> | undefined;
  /** What the last read found: `listed`, `unsupported` or a failure's reason; undefined before the first. */
  let lastState: string | undefined;
  let lastReadAt: number | undefined;
  let reading: Promise<void> | undefined;
  let closed = false;

  function apply(read: FeatureRead): void {
    const previous = lastState;
    if (read.kind === 'failed') {
      lastState = `failed:${read.reason}`;
      if (previous !== lastState) {
        const kept = enabled === undefined ? 'every probe runs without a feature check' : 'the features last read stand';
        logger.warn(`features not read; ${kept}`, { ...about, reason: options.redact(read.reason) });
      }
      return;
    }
    if (read.kind === 'unsupported') {
      lastState = 'unsupported';
      if (previous !== lastState) logger.info('no features resource; every probe runs without a feature check', { ...about, answer: options.redact(read.answer) });
      if (enabled !== undefined) {
        enabled = undefined;
        options.onChange(undefined);
      }
      return;
    }
    lastState = 'listed';
    const before = enabled;
    enabled = read.features;
    options.onChange(enabled);
    if (before === undefined || previous !== 'listed') {
      logger.info('features read', { ...about, features: [...read.features].sort().join(',') });
    }
    if (before === undefined) return;
    for (const feature of before) if (!read.features.has(feature)) logger.warn('feature no longer enabled: the probes that need it do not apply', { ...about, feature });
    for (const feature of read.features) if (!before.has(feature)) logger.info('feature enabled', { ...about, feature });
  }

  function refresh(): Promise<void> {
    if (closed) return Promise.resolve();
    reading ??= readFeatures(options.client, options.timeoutMs).then((read) => {
      reading = undefined;
      if (closed) return;
      lastReadAt = options.clock.now();
      apply(read);
    });
    return reading;
  }

  async function refreshIfOlderThan(ms: number): Promise<ReadonlySet<string> | undefined> {
    if (lastReadAt === undefined || options.clock.now() - lastReadAt > ms) await refresh();
    return enabled;
  }

  return {
    target,
    enabled: () => enabled,
    current: async () => {
      if (lastReadAt === undefined) await refresh();
      return enabled;
    },
    refresh,
    refreshIfOlderThan,
    close: () => {
      closed = true;
    },
  };
}

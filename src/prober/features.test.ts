import { describe, expect, it } from 'vitest';
import type { ClientResult, GwsClient, PhaseTimings, RequestOptions } from '../client/index.ts';
import { createTargetFeatures, featureIds, readFeatures } from './features.ts';
import type { LogFields } from './types.ts';

const TIMINGS: PhaseTimings = { connect: 0.001, tls: 0, processing: 0.01, transfer: 0.001, total: 0.012 };

type Answer = { readonly httpStatus?: number; readonly body: unknown } | { readonly failure: 'timeout' | 'network_error' };

/** A client that answers each request with the next of `answers` (the last one again when they run out). */
function fakeClient(answers: Answer[], asked: RequestOptions[] = []): GwsClient {
  return {
    baseUrl: 'http://gws/api/v2',
    request: (req: RequestOptions): Promise<ClientResult> => {
      asked.push(req);
      const next = (answers.length > 1 ? answers.shift() : answers[0]) as Answer;
      if ('failure' in next) return Promise.resolve({ kind: next.failure, error: `${next.failure} after 1000 ms`, timings: TIMINGS });
      const response = { httpStatus: next.httpStatus ?? 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(next.body), body: next.body, durationMs: 12 };
      return Promise.resolve({ kind: 'response', response, timings: TIMINGS });
    },
    resetSession: () => undefined,
    session: () => ({}),
    close: () => undefined,
  };
}

const LISTED = (...ids: string[]): Answer => ({ body: { statusCode: 0, features: ids.map((id) => ({ id, displayName: id })) } });
const NOT_FOUND: Answer = { httpStatus: 404, body: { statusCode: 6, statusMessage: 'No resource at /features' } };

describe('featureIds: the features a GET /features answer lists', () => {
  it('takes features[].id (fields=*), or the last segment of each of uris', () => {
    expect(featureIds({ statusCode: 0, features: [{ id: 'api-voice' }, { id: 'api-multimedia', displayName: 'Multimedia' }] })).toEqual(['api-voice', 'api-multimedia']);
    expect(
      featureIds({ statusCode: 0, uris: ['http://gws.example:8080/api/v2/features/api-voice', 'https://gws/cloud-web/api/v2/features/api-supervisor-monitoring/'] }),
    ).toEqual(['api-voice', 'api-supervisor-monitoring']);
    expect(featureIds({ statusCode: 0, features: [] })).toEqual([]);
  });

  it('leaves out what cannot be a label value, and each id is listed once', () => {
    expect(featureIds({ features: [{ id: 'api-voice' }, { id: 'api-voice' }, { id: 'a b' }, { id: 7 }, {}, null, { id: 'x'.repeat(65) }] })).toEqual(['api-voice']);
    expect(featureIds({ uris: ['http://gws/api/v2/users/1', 42, 'http://gws/api/v2/features/%E0%A4%A'] })).toEqual([]);
  });

  it('is undefined for a body without either list', () => {
    expect(featureIds({ statusCode: 0 })).toBeUndefined();
    expect(featureIds({ statusCode: 0, features: 'api-voice' })).toBeUndefined();
    expect(featureIds(undefined)).toBeUndefined();
    expect(featureIds('api-voice')).toBeUndefined();
  });
});

describe('readFeatures: GET /features?fields=* as the target user', () => {
  it('asks for the full descriptions and answers the set listed', async () => {
    const asked: RequestOptions[] = [];
    const read = await readFeatures(fakeClient([LISTED('api-voice', 'api-multimedia')], asked), 1500);
    expect(read).toEqual({ kind: 'listed', features: new Set(['api-voice', 'api-multimedia']) });
    expect(asked).toEqual([{ method: 'GET', path: '/features', query: { fields: '*' }, timeoutMs: 1500 }]);
  });

  it('an HTTP 404 or a statusCode 6 is a server without the features resource (an older GWS)', async () => {
    expect(await readFeatures(fakeClient([NOT_FOUND]), 1000)).toEqual({ kind: 'unsupported', answer: 'statusCode 6 ("No resource at /features")' });
    expect(await readFeatures(fakeClient([{ httpStatus: 404, body: undefined }]), 1000)).toEqual({ kind: 'unsupported', answer: 'HTTP 404' });
    expect(await readFeatures(fakeClient([{ httpStatus: 200, body: { statusCode: 6 } }]), 1000)).toEqual({ kind: 'unsupported', answer: 'statusCode 6' });
  });

  it('anything else that lists nothing is a failed read, with the reason', async () => {
    expect(await readFeatures(fakeClient([{ failure: 'timeout' }]), 1000)).toEqual({ kind: 'failed', reason: 'GET /features: timeout after 1000 ms' });
    expect(await readFeatures(fakeClient([{ httpStatus: 500, body: { statusCode: 1, statusMessage: 'Internal error' } }]), 1000)).toEqual({
      kind: 'failed',
      reason: 'GET /features answered HTTP 500, statusCode 1 ("Internal error")',
    });
    expect(await readFeatures(fakeClient([{ httpStatus: 502, body: undefined }]), 1000)).toEqual({ kind: 'failed', reason: 'GET /features answered HTTP 502' });
    expect(await readFeatures(fakeClient([{ body: { statusCode: 0 } }]), 1000)).toEqual({
      kind: 'failed',
      reason: 'GET /features answered statusCode 0 without a list (expected features[].id or uris)',
    });
  });
});

function targetFeatures(answers: Answer[]) {
  let now = 1_000_000;
  const asked: RequestOptions[] = [];
  const changes: (string[] | undefined)[] = [];
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: LogFields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  const features = createTargetFeatures({
    target: 'gws-a',
    client: fakeClient(answers, asked),
    timeoutMs: 1000,
    clock: { now: () => now, sleep: () => Promise.resolve() },
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    redact: (text) => text.replace('secret', '***'),
    onChange: (enabled) => changes.push(enabled === undefined ? undefined : [...enabled].sort()),
  });
  return { features, asked, changes, lines, advance: (ms: number) => (now += ms) };
}

describe('a target\'s features over time', () => {
  it('reads once for every probe that waits for the first read, then again on each refresh', async () => {
    const t = targetFeatures([LISTED('api-voice', 'api-multimedia'), LISTED('api-voice')]);
    expect(t.features.enabled()).toBeUndefined();
    const [a, b] = await Promise.all([t.features.current(), t.features.current()]);
    expect(a).toEqual(new Set(['api-voice', 'api-multimedia']));
    expect(b).toBe(a);
    expect(t.asked).toHaveLength(1);
    await t.features.refresh();
    expect(t.features.enabled()).toEqual(new Set(['api-voice']));
    expect(t.changes).toEqual([['api-multimedia', 'api-voice'], ['api-voice']]);
    expect(t.lines).toEqual([
      'info features read {"target":"gws-a","features":"api-multimedia,api-voice"}',
      'warn feature no longer enabled: the probes that need it do not apply {"target":"gws-a","feature":"api-multimedia"}',
    ]);
  });

  it('keeps the features last read when a read fails, and says so once', async () => {
    const t = targetFeatures([LISTED('api-voice'), { failure: 'network_error' }, { failure: 'network_error' }, LISTED('api-voice', 'api-multimedia')]);
    await t.features.refresh();
    await t.features.refresh();
    await t.features.refresh();
    expect(t.features.enabled()).toEqual(new Set(['api-voice']));
    expect(t.changes).toEqual([['api-voice']]);
    await t.features.refresh();
    expect(t.features.enabled()).toEqual(new Set(['api-multimedia', 'api-voice']));
    expect(t.lines).toEqual([
      'info features read {"target":"gws-a","features":"api-voice"}',
      'warn features not read; the features last read stand {"target":"gws-a","reason":"GET /features: network_error after 1000 ms"}',
      'info features read {"target":"gws-a","features":"api-multimedia,api-voice"}',
      'info feature enabled {"target":"gws-a","feature":"api-multimedia"}',
    ]);
  });

  it('a failed first read leaves the features unknown: every probe runs as before', async () => {
    const t = targetFeatures([{ httpStatus: 503, body: { statusCode: 4, statusMessage: 'secret backend down' } }]);
    expect(await t.features.current()).toBeUndefined();
    expect(t.changes).toEqual([]);
    expect(t.lines).toEqual([
      'warn features not read; every probe runs without a feature check {"target":"gws-a","reason":"GET /features answered HTTP 503, statusCode 4 (\\"*** backend down\\")"}',
    ]);
  });

  it('a server without the features resource has none: what was known is forgotten, said once', async () => {
    const t = targetFeatures([LISTED('api-voice'), NOT_FOUND, NOT_FOUND]);
    await t.features.refresh();
    await t.features.refresh();
    await t.features.refresh();
    expect(t.features.enabled()).toBeUndefined();
    expect(t.changes).toEqual([['api-voice'], undefined]);
    expect(t.lines.filter((l) => l.includes('no features resource'))).toEqual([
      'info no features resource; every probe runs without a feature check {"target":"gws-a","answer":"statusCode 6 (\\"No resource at /features\\")"}',
    ]);
  });

  it('reads again only when the last read is older than asked', async () => {
    const t = targetFeatures([LISTED('api-voice')]);
    await t.features.refreshIfOlderThan(30_000);
    t.advance(30_000);
    await t.features.refreshIfOlderThan(30_000);
    expect(t.asked).toHaveLength(1);
    t.advance(1);
    await t.features.refreshIfOlderThan(30_000);
    expect(t.asked).toHaveLength(2);
  });

  it('reads nothing more once closed, and ignores a read that ends after', async () => {
    const t = targetFeatures([LISTED('api-voice')]);
    const reading = t.features.refresh();
    t.features.close();
    await reading;
    await t.features.refresh();
    expect(t.asked).toHaveLength(1);
    expect(t.features.enabled()).toBeUndefined();
    expect(t.changes).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ClientResult, GwsClient, PhaseTimings, RequestOptions } from '../client/index.ts';
import type { Contracts, Operation, Verdict } from '../contracts/index.ts';
import { runOperationProbe, type OperationProbeContext, type ParamCache } from './probe.ts';

const TIMINGS: PhaseTimings = { connect: 0.001, tls: 0, processing: 0.01, transfer: 0.001, total: 0.012 };

function op(id: string, path: string, fields: Partial<Operation> = {}): Operation {
  return {
    id, method: 'GET', path, summary: id, identity: 'user', responseSchema: `x/${id}`, statusCodes: [0, 6],
    latencyBudgetMs: 1000, readOnly: true, tags: [], example: {}, requiredFeatures: [], ...fields,
  };
}

const CATALOG = [
  op('get-me-devices', '/me/devices'),
  op('get-devices-id', '/devices/{id}', { paramSources: { id: { operation: 'get-me-devices', pointer: '/devices/0/id', take: 'value' } } }),
  op('get-me-channels', '/me/channels'),
  op('get-me-channels-voice', '/me/channels/voice', {
    tags: ['unconfirmed'],
    memberOf: { operation: 'get-me-channels', pointer: '/channels', field: 'channel', value: 'voice' },
  }),
  op('get-skills', '/skills', { identity: 'admin' }),
  op('get-skills-id', '/skills/{id}', { identity: 'admin', paramSources: { id: { operation: 'get-skills', pointer: '/skills/0/id', take: 'value' } } }),
  op('get-me-skills', '/me/skills', { tags: ['unconfirmed'] }),
];

/** judge(): statusCode 0 is success, anything else a status_code_error. */
const contracts: Contracts = {
  catalog: CATALOG,
  operation: (id) => {
    const found = CATALOG.find((o) => o.id === id);
    if (found === undefined) throw new Error(`unknown ${id}`);
    return found;
  },
  judge: (_op, res): Verdict => {
    const code = (res.body as { statusCode?: number } | undefined)?.statusCode ?? null;
    return code === 0
      ? { ok: true, outcome: 'success', statusCode: 0, violations: [] }
      : { ok: false, outcome: 'status_code_error', statusCode: code, violations: [{ kind: 'status-code', pointer: '', keyword: 'statusCode', message: `statusCode ${String(code)}`, grade: 'breaking' }] };
  },
  validate: () => [],
  schemaIds: () => [],
};

type Routes = Record<string, { readonly httpStatus?: number; readonly body: unknown }>;

/** A client answering from `routes` by path; it records every path it was asked for. */
function fakeClient(routes: Routes, asked: string[]): GwsClient {
  return {
    baseUrl: 'http://gws/api/v2',
    request: (req: RequestOptions): Promise<ClientResult> => {
      asked.push(req.path);
      const route = routes[req.path] ?? { httpStatus: 404, body: { statusCode: 6, statusMessage: `No resource at ${req.path}` } };
      const response = { httpStatus: route.httpStatus ?? 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(route.body), body: route.body, durationMs: 12 };
      // As the real client reports it: the URL sent to, the credentials masked.
      const headers: Record<string, string> = req.auth === 'none' ? {} : { authorization: 'Basic ***' };
      const sent = { method: req.method, url: `http://gws/api/v2${req.path}`, headers, body: undefined };
      return Promise.resolve({ kind: 'response', response, timings: TIMINGS, sent });
    },
    resetSession: () => undefined,
    session: () => ({}),
    close: () => undefined,
  };
}

function probe(id: string, routes: Routes, more: { strict?: boolean; params?: ParamCache } = {}) {
  const asked: string[] = [];
  const client = fakeClient(routes, asked);
  const ctx: OperationProbeContext = {
    target: 't', contracts, clients: { forIdentity: () => client, usernameOf: (identity) => (identity === 'admin' ? 'gws-admin' : 'probe-user') }, clock: { now: () => 1000, sleep: () => Promise.resolve() },
    timeoutMs: 1000, params: more.params ?? new Map<string, Readonly<Record<string, string>>>(), ...(more.strict !== undefined ? { strict: more.strict } : {}),
  };
  return { asked, ctx, run: () => runOperationProbe(contracts.operation(id), ctx) };
}

const NO_VOICE: Routes = {
  '/me/channels/voice': { httpStatus: 404, body: { statusCode: 6, statusMessage: 'Channel voice not found' } },
  '/me/channels': { body: { statusCode: 0, channels: [{ channel: 'chat' }] } },
};

describe('runOperationProbe: a probe that does not apply is not a failure', () => {
  it('a parameter source with an empty list: not_applicable, nothing cached, so the next run resolves again', async () => {
    const routes: Routes = { '/me/devices': { body: { statusCode: 0, devices: [] } } };
    const p = probe('get-devices-id', routes);
    expect(await p.run()).toMatchObject({ ok: false, outcome: 'not_applicable', statusCode: 0, violations: [], error: 'no {id} to probe: get-me-devices lists none (nothing at /devices/0/id)' });
    expect(p.ctx.params.size).toBe(0);
    routes['/me/devices'] = { body: { statusCode: 0, devices: [{ id: 'd1' }] } };
    routes['/devices/d1'] = { body: { statusCode: 0, device: { id: 'd1' } } };
    expect(await p.run()).toMatchObject({ ok: true, outcome: 'success' });
    expect(p.asked).toEqual(['/me/devices', '/me/devices', '/devices/d1']);
  });

  it('a parameter source whose item lacks the value is broken: schema_violation', async () => {
    const p = probe('get-devices-id', { '/me/devices': { body: { statusCode: 0, devices: [{ phoneNumber: '5000' }] } } });
    expect(await p.run()).toMatchObject({ ok: false, outcome: 'schema_violation', error: expect.stringMatching(/no value for "id" at \/devices\/0\/id/) as unknown });
  });

  it('a parameter source that fails with a server error fails the probe', async () => {
    const p = probe('get-devices-id', { '/me/devices': { httpStatus: 503, body: { statusCode: 4, statusMessage: 'down' } } });
    expect(await p.run()).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 4 });
  });

  it('a named resource its collection does not list (no voice channel): not_applicable, even with strict', async () => {
    for (const strict of [false, true]) {
      const p = probe('get-me-channels-voice', NO_VOICE, { strict });
      expect(await p.run()).toMatchObject({ outcome: 'not_applicable', statusCode: 6, error: 'the probe user has no voice channel: get-me-channels lists none' });
      expect(p.asked).toEqual(['/me/channels/voice', '/me/channels']);
    }
  });

  it('"not found" for a resource the collection lists: an unconfirmed endpoint the server lacks, a failure with strict', async () => {
    const routes: Routes = { ...NO_VOICE, '/me/channels': { body: { statusCode: 0, channels: [{ channel: 'voice' }] } } };
    expect(await probe('get-me-channels-voice', routes).run()).toMatchObject({ outcome: 'not_applicable', error: expect.stringMatching(/^the server does not have GET \/me\/channels\/voice/) as unknown });
    expect(await probe('get-me-channels-voice', routes, { strict: true }).run()).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 6 });
  });

  it('"not found" when the collection read fails too: the failure stands (unless the endpoint is unconfirmed)', async () => {
    const routes: Routes = { ...NO_VOICE, '/me/channels': { httpStatus: 503, body: { statusCode: 4 } } };
    expect(await probe('get-me-channels-voice', routes, { strict: true }).run()).toMatchObject({ outcome: 'status_code_error', statusCode: 6 });
  });

  it('an unconfirmed endpoint the server does not have: not_applicable, status_code_error with strict', async () => {
    expect(await probe('get-me-skills', {}).run()).toMatchObject({ outcome: 'not_applicable', statusCode: 6 });
    expect(await probe('get-me-skills', {}, { strict: true }).run()).toMatchObject({ outcome: 'status_code_error', statusCode: 6 });
  });

  it('an admin-only probe, or its admin-only source, refused for lack of a role: not_applicable', async () => {
    const refused: Routes = { '/skills': { httpStatus: 403, body: { statusCode: 5, statusMessage: 'User does not have permission to perform this operation' } } };
    expect(await probe('get-skills', refused).run()).toMatchObject({ outcome: 'not_applicable', statusCode: 5, error: expect.stringMatching(/^the admin identity lacks the role for GET \/skills/) as unknown });
    expect(await probe('get-skills-id', refused).run()).toMatchObject({ outcome: 'not_applicable', error: expect.stringMatching(/^resolving \{id\} through get-skills: the admin identity lacks the role/) as unknown });
  });

  it('a cached id answered "not found" is resolved again in the same run: the user who lost the device has none', async () => {
    const params: ParamCache = new Map([['get-devices-id', { id: 'gone' }]]);
    const p = probe('get-devices-id', { '/me/devices': { body: { statusCode: 0, devices: [] } } }, { params });
    expect(await p.run()).toMatchObject({ outcome: 'not_applicable' });
    expect(p.asked).toEqual(['/devices/gone', '/me/devices']);
  });

  it('a freshly resolved id answered "not found" is a failure, asked once', async () => {
    const p = probe('get-devices-id', { '/me/devices': { body: { statusCode: 0, devices: [{ id: 'd1' }] } }, '/devices/d1': { httpStatus: 404, body: { statusCode: 6 } } });
    expect(await p.run()).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 6 });
    expect(p.asked).toEqual(['/me/devices', '/devices/d1']);
  });
});

describe('runOperationProbe: a failed run carries the exchange that decided it', () => {
  it('its own request: as sent, with the login a reproduction names, and the answer', async () => {
    const result = await probe('get-skills', { '/skills': { httpStatus: 500, body: { statusCode: 4, statusMessage: 'boom' } } }).run();
    expect(result).toMatchObject({ ok: false, outcome: 'status_code_error' });
    expect(result.exchange).toMatchObject({
      request: { method: 'GET', url: 'http://gws/api/v2/skills', credentials: { username: 'gws-admin', passwordVariable: 'GWS_ADMIN_PASSWORD' } },
      method: 'GET',
      path: '/skills',
      httpStatus: 500,
      body: { statusCode: 4, statusMessage: 'boom' },
      responseHeaders: { 'content-type': 'application/json' },
    });
  });

  it('a parameter source that failed: that request, not the one never sent', async () => {
    const result = await probe('get-devices-id', { '/me/devices': { httpStatus: 503, body: { statusCode: 4, statusMessage: 'down' } } }).run();
    expect(result.exchange).toMatchObject({ path: '/me/devices', httpStatus: 503, request: { credentials: { username: 'probe-user', passwordVariable: 'GWS_PASSWORD' } } });
  });

  it('a parameter source whose item lacks the value: that answer', async () => {
    const result = await probe('get-devices-id', { '/me/devices': { body: { statusCode: 0, devices: [{ phoneNumber: '5000' }] } } }).run();
    expect(result).toMatchObject({ outcome: 'schema_violation', exchange: { path: '/me/devices', body: { statusCode: 0, devices: [{ phoneNumber: '5000' }] } } });
  });

  it('none for a run that held or that found nothing to probe', async () => {
    expect((await probe('get-me-devices', { '/me/devices': { body: { statusCode: 0, devices: [] } } }).run()).exchange).toBeUndefined();
    expect((await probe('get-me-channels-voice', NO_VOICE).run()).exchange).toBeUndefined();
    expect((await probe('get-devices-id', { '/me/devices': { body: { statusCode: 0, devices: [] } } }).run()).exchange).toBeUndefined();
  });
});

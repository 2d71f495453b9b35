import { describe, expect, it } from 'vitest';
import type { ClientResult } from '../client/index.ts';
import { proberTarget } from '../config/index.ts';
import { reportedExchange } from './exchange.ts';
import { maskResult, targetRedactor } from './mask.ts';
import type { ProbeResult } from './types.ts';

const PASSWORD = 'Zq9-unique-Pw!';
const BASE = 'http://gws.example:8080/api/v2';
const target = proberTarget({ name: 'gws-a', baseUrl: BASE, user: { username: 'probe-user', password: PASSWORD } });
const BASIC = Buffer.from(`probe-user:${PASSWORD}`, 'latin1').toString('base64');

/** Every form the password could show in: plain, its Basic encoding, and any cut-off start of three characters or more. */
function expectNoPassword(value: unknown): void {
  const text = JSON.stringify(value);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(BASIC);
  expect(text).not.toContain(PASSWORD.slice(0, 7));
}

function failedRun(result: ClientResult, limits = { bodyBytes: 16 * 1024, headerBytes: 1024 }): ProbeResult {
  const exchange = reportedExchange(result, { baseUrl: BASE, login: { username: 'probe-user', passwordVariable: 'GWS_PASSWORD' }, limits });
  return {
    target: 'gws-a', probe: 'get-me', kind: 'operation', ok: false, outcome: 'schema_violation', statusCode: 0, responded: true,
    durationMs: 12, violations: [], startedAt: 0, ...(exchange !== undefined ? { exchange } : {}),
  };
}

const TIMINGS = { connect: 0, tls: 0, processing: 0.01, transfer: 0, total: 0.01 };

function answer(rawBody: string, headers: Record<string, string>, url = `${BASE}/me`): ClientResult {
  return {
    kind: 'response',
    response: { httpStatus: 200, headers: { 'content-type': 'application/json', ...headers }, rawBody, body: JSON.parse(rawBody) as unknown, durationMs: 10 },
    timings: TIMINGS,
    // As a server or a proxy could echo it: in the URL, the Authorization header unmasked, the body.
    sent: { method: 'GET', url, headers: { authorization: `Basic ${BASIC}`, 'x-trace': `user=probe-user pw=${PASSWORD}` }, body: undefined },
  };
}

describe('maskResult: the failed exchange passes the target\'s redaction', () => {
  it('masks the password in a body, in request and response headers and in the URL', () => {
    const body = JSON.stringify({ statusCode: 0, statusMessage: `login ${PASSWORD} refused`, user: { password: PASSWORD, note: `Basic ${BASIC}` } });
    const result = failedRun(answer(body, { 'x-echo': PASSWORD, 'www-authenticate': `Basic ${BASIC}` }, `${BASE}/me?pw=${encodeURIComponent(PASSWORD)}`));
    expect(JSON.stringify(result)).toContain(PASSWORD);
    const masked = maskResult(result, targetRedactor(target, false));
    expectNoPassword(masked);
    expect(masked.exchange?.request?.url).toBe(`${BASE}/me?pw=***`);
    expect(masked.exchange?.responseHeaders?.['x-echo']).toBe('***');
    expect(masked.exchange?.request?.headers['authorization']).toBe('***');
    expect(masked.exchange?.body).toMatchObject({ statusMessage: 'login *** refused', user: { password: '***' } });
    // What is no secret stays readable.
    expect(masked.exchange?.request?.credentials).toEqual({ username: 'probe-user', passwordVariable: 'GWS_PASSWORD' });
  });

  it('masks a password that a cut body or a cut header value ends inside', () => {
    const prefix = '{"statusCode":0,"echo":"';
    const body = `${prefix}${PASSWORD}"}`;
    // The body is cut seven bytes into the password, a header value nine bytes into it.
    const header = `${'h'.repeat(1015)}${PASSWORD}`;
    const result = failedRun(answer(body, { 'x-echo': header }), { bodyBytes: prefix.length + 7, headerBytes: 1024 });
    expect(result.exchange?.bodyTruncated).toEqual({ shownBytes: prefix.length + 7, totalBytes: body.length });
    expect(result.exchange?.body).toBe(`${prefix}${PASSWORD.slice(0, 7)}`);
    const masked = maskResult(result, targetRedactor(target, false));
    expectNoPassword(masked);
    expect(masked.exchange?.body).toBe(`${prefix}***`);
    expect(masked.exchange?.responseHeaders?.['x-echo']).toBe(`${'h'.repeat(1015)}***…`);
  });

  it('leaves a result without an exchange without one', () => {
    const held: ProbeResult = { ...failedRun(answer('{"statusCode":0}', {})), ok: true, outcome: 'success', exchange: undefined };
    expect(maskResult(held, targetRedactor(target, false)).exchange).toBeUndefined();
  });
});

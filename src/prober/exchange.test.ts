import { describe, expect, it } from 'vitest';
import type { ClientResult, PhaseTimings, SentRequest } from '../client/index.ts';
import { curlCommand } from '../reporters/index.ts';
import { cutUtf8, DEFAULT_EXCHANGE_LIMITS, exchangeOfFailure, loginOf, reportedExchange } from './exchange.ts';

const TIMINGS: PhaseTimings = { connect: 0.001, tls: 0, processing: 0.01, transfer: 0.001, total: 0.0125 };
const BASE = 'http://gws.example:8080/api/v2';
const SENT: SentRequest = {
  method: 'GET',
  url: `${BASE}/me?fields=*`,
  headers: { accept: 'application/json', authorization: 'Basic ***', cookie: 'JSESSIONID=***' },
  body: undefined,
};
const LOGIN = { username: 'probe-user', passwordVariable: 'GWS_PASSWORD' } as const;

function answer(rawBody: string, headers: Record<string, string> = { 'content-type': 'application/json' }, httpStatus = 200): ClientResult {
  let body: unknown;
  try {
    body = JSON.parse(rawBody) as unknown;
  } catch {
    body = undefined;
  }
  return { kind: 'response', response: { httpStatus, headers, rawBody, body, durationMs: 12.5 }, timings: TIMINGS, sent: SENT };
}

describe('reportedExchange', () => {
  it('a JSON answer within the limit: the parsed body, the headers, the request as sent with the login', () => {
    const exchange = reportedExchange(answer('{"statusCode":0,"user":{"enabled":"yes"}}'), { baseUrl: BASE, login: LOGIN });
    expect(exchange).toEqual({
      request: { method: 'GET', url: `${BASE}/me?fields=*`, headers: SENT.headers, body: null, credentials: LOGIN },
      method: 'GET',
      path: '/me?fields=*',
      httpStatus: 200,
      contentType: 'application/json',
      body: { statusCode: 0, user: { enabled: 'yes' } },
      latencyMs: 12.5,
      responseHeaders: { 'content-type': 'application/json' },
    });
    // The reproduction names the login and takes the password from the environment.
    const request = exchange?.request;
    if (request === undefined) throw new Error('no request in the exchange');
    expect(curlCommand(request)).toBe(`curl -g -sS -i -X GET '${BASE}/me?fields=*' -u "probe-user:$GWS_PASSWORD" -H 'accept: application/json' -b "JSESSIONID=$JSESSIONID"`);
  });

  it('an answer that is not JSON: the raw text as it came', () => {
    const html = '<html><body>502 Bad Gateway</body></html>';
    const exchange = reportedExchange(answer(html, { 'content-type': 'text/html' }, 502), { baseUrl: BASE, login: LOGIN });
    expect(exchange).toMatchObject({ httpStatus: 502, contentType: 'text/html', body: html });
    expect(exchange?.bodyTruncated).toBeUndefined();
  });

  it('a body over the limit: its first bytes as raw text, never a character split, and how much it was', () => {
    // 9 ASCII bytes, then two-byte characters: a cut at 14 bytes falls inside the third é.
    const raw = `{"a":"xxx${'é'.repeat(20)}"}`;
    const exchange = reportedExchange(answer(raw), { baseUrl: BASE, limits: { bodyBytes: 14, headerBytes: 1024 } });
    expect(exchange?.body).toBe('{"a":"xxxéé');
    expect(exchange?.bodyTruncated).toEqual({ shownBytes: 13, totalBytes: Buffer.byteLength(raw) });
  });

  it('the default limit is 16 KiB for a body, 1 KiB for a header value', () => {
    expect(DEFAULT_EXCHANGE_LIMITS).toEqual({ bodyBytes: 16 * 1024, headerBytes: 1024 });
    const raw = JSON.stringify({ statusCode: 0, big: 'x'.repeat(20_000) });
    const exchange = reportedExchange(answer(raw), { baseUrl: BASE });
    expect(exchange?.bodyTruncated).toEqual({ shownBytes: 16 * 1024, totalBytes: raw.length });
    expect(typeof exchange?.body).toBe('string');
  });

  it('header values: long ones cut to the limit and marked, the session cookie and CSRF token masked', () => {
    const headers = {
      'content-type': 'application/json',
      'x-long': 'y'.repeat(3000),
      'set-cookie': 'JSESSIONID=abc123secret; Path=/api; HttpOnly',
      'x-csrf-header': 'X-My-Token',
      'x-my-token': 'token-value-1',
    };
    const exchange = reportedExchange(answer('{"statusCode":0}', headers), { baseUrl: BASE });
    expect(exchange?.responseHeaders?.['x-long']).toBe(`${'y'.repeat(1024)}…`);
    expect(exchange?.responseHeaders?.['set-cookie']).toBe('JSESSIONID=***; Path=/api; HttpOnly');
    expect(exchange?.responseHeaders?.['x-my-token']).toBe('***');
    expect(JSON.stringify(exchange)).not.toContain('abc123secret');
    expect(JSON.stringify(exchange)).not.toContain('token-value-1');
  });

  it('no response (a timeout): the request as sent, no status, no body, the time it waited', () => {
    const timeout: ClientResult = { kind: 'timeout', error: 'no complete response within 5000 ms', timings: { ...TIMINGS, total: 5 }, sent: SENT };
    expect(reportedExchange(timeout, { baseUrl: BASE, login: LOGIN })).toEqual({
      request: { method: 'GET', url: `${BASE}/me?fields=*`, headers: SENT.headers, body: null, credentials: LOGIN },
      method: 'GET',
      path: '/me?fields=*',
      httpStatus: null,
      contentType: null,
      body: null,
      latencyMs: 5000,
    });
  });

  it('a request sent without Basic credentials (the customer side of a chat) names no login; the body is kept as sent', () => {
    const customer: SentRequest = { method: 'POST', url: `${BASE}/chats`, headers: { contactcenterid: 'cc-1', 'content-type': 'application/json' }, body: '{"operationName":"RequestChat"}' };
    const exchange = reportedExchange({ ...answer('{"statusCode":0}'), sent: customer }, { baseUrl: BASE, login: LOGIN });
    expect(exchange?.request).toMatchObject({ credentials: null, body: '{"operationName":"RequestChat"}' });
    expect(exchange?.path).toBe('/chats');
  });

  it('nothing when the client did not report what it sent', () => {
    expect(reportedExchange({ ...answer('{}'), sent: undefined }, { baseUrl: BASE })).toBeUndefined();
  });
});

describe('exchangeOfFailure', () => {
  const failed = answer('{"statusCode":4}');
  it('only a failed run carries its exchange', () => {
    expect(exchangeOfFailure({ ok: true, outcome: 'success' }, failed, { baseUrl: BASE })).toEqual({});
    expect(exchangeOfFailure({ ok: false, outcome: 'not_applicable' }, failed, { baseUrl: BASE })).toEqual({});
    expect(exchangeOfFailure({ ok: false, outcome: 'status_code_error' }, failed, { baseUrl: BASE }).exchange?.body).toEqual({ statusCode: 4 });
    expect(exchangeOfFailure({ ok: false, outcome: 'timeout' }, undefined, { baseUrl: BASE })).toEqual({});
  });
});

describe('loginOf and cutUtf8', () => {
  it('an admin request takes GWS_ADMIN_PASSWORD; an anonymous one has no login', () => {
    expect(loginOf('admin', 'gws-admin')).toEqual({ username: 'gws-admin', passwordVariable: 'GWS_ADMIN_PASSWORD' });
    expect(loginOf('user', 'agent')).toEqual({ username: 'agent', passwordVariable: 'GWS_PASSWORD' });
    expect(loginOf('none', 'agent')).toBeUndefined();
    expect(loginOf('user', undefined)).toBeUndefined();
  });

  it('never splits a character of three or four bytes', () => {
    expect(cutUtf8('a€b', 3)).toEqual({ text: 'a', bytes: 1 });
    expect(cutUtf8('a😀b', 4)).toEqual({ text: 'a', bytes: 1 });
    expect(cutUtf8('a😀b', 5)).toEqual({ text: 'a😀', bytes: 5 });
    expect(cutUtf8('abc', 10)).toEqual({ text: 'abc', bytes: 3 });
  });
});

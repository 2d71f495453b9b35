import { afterEach, describe, expect, it } from 'vitest';
import { expectEnvelopeError, KSIPPO, startSimulator, type Harness } from './harness.ts';
import { envelopeProblem, parseRawAnswer, rawExchange } from './raw.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('hostile requests get an envelope, never a 500', () => {
  it.each([
    ['/me?fields=constructor', { statusCode: 0, user: {} }],
    ['/me?fields=toString,__proto__,hasOwnProperty', { statusCode: 0, user: {} }],
    ['/users?__proto__.x=', { statusCode: 0, uris: [] }],
    ['/users?constructor.name=Object', { statusCode: 0, uris: [] }],
    ['/users?skills.constructor=x&subresources=skills', { statusCode: 0, users: [] }],
  ])('GET %s answers only own properties', async (path, expected) => {
    h = await startSimulator();
    const a = await h.call('GET', path, { auth: 'admin:admin' });
    expect(a.status).toBe(200);
    expect(a.body).toEqual(expected);
  });

  it('GET /me?subresources=__proto__,constructor adds nothing', async () => {
    h = await startSimulator();
    const a = await h.call('GET', '/me?subresources=__proto__,constructor', { auth: KSIPPO });
    expect(Object.keys(a.body['user'] as object)).not.toContain('__proto__');
    expect(Object.keys(a.body['user'] as object)).not.toContain('constructor');
  });

  it('two Bayeux handshakes in one POST: HTTP 400 with an envelope, and the endpoint still works', async () => {
    h = await startSimulator();
    const handshake = { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] };
    const a = await h.call('POST', '/notifications', { auth: KSIPPO, body: [handshake, handshake] });
    expect(a.status).toBe(400);
    expectEnvelopeError(a, 10);
    const one = await h.call('POST', '/notifications', { auth: KSIPPO, body: [handshake] });
    expect(one.status).toBe(200);
    expect((JSON.parse(one.text) as { successful: boolean }[])[0]?.successful).toBe(true);
  });

  it('a request without a Host header gets a GWS answer, not Node\'s empty 400', async () => {
    h = await startSimulator();
    const version = parseRawAnswer(await rawExchange(h.running.port, 'GET /api/v2/diagnostics/version HTTP/1.1\r\nConnection: close\r\n\r\n'));
    expect(version?.status).toBe(200);
    expect(JSON.parse(version?.body ?? '')).toEqual({ statusCode: 0, version: '8.5.201.04' });
    const me = parseRawAnswer(await rawExchange(h.running.port, 'GET /api/v2/me HTTP/1.1\r\nConnection: close\r\n\r\n'));
    expect(me?.status).toBe(403);
    expect(envelopeProblem(me?.headers.get('content-type'), me?.body ?? '')).toBeUndefined();
  });

  it('CONNECT gets HTTP 501 with an envelope', async () => {
    h = await startSimulator();
    const a = parseRawAnswer(await rawExchange(h.running.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'));
    expect(a?.status).toBe(501);
    expect(JSON.parse(a?.body ?? '')).toEqual({ statusCode: 6, statusMessage: 'CONNECT is not implemented' });
  });
});

describe('hostile control requests', () => {
  it.each(['/__proto__/polluted', '/constructor/prototype/polluted', '/user/prototype'])('a mutate fault at %s is refused with a one-line reason and pollutes nothing', async (pointer) => {
    h = await startSimulator();
    const a = await h.callOrigin('POST', '/__simulator/faults', { body: { type: 'mutate', op: 'add', pointer, value: 'x' } });
    expect(a.status).toBe(400);
    expect(a.body['error']).toMatch(/^fault "mutate" key "pointer" .* must not name "(__proto__|constructor|prototype)"/);
    expect(String(a.body['error'])).not.toContain('\n');
    expect((await h.callOrigin('GET', '/__simulator/faults')).body).toEqual({ faults: [] });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const me = await h.call('GET', '/me', { auth: KSIPPO });
    expect(me.status).toBe(200);
    expect(me.body).not.toHaveProperty('polluted');
  });

  it('a route glob /**a**a**a**b against a 1,900-character path answers in milliseconds', async () => {
    h = await startSimulator();
    const added = await h.callOrigin('POST', '/__simulator/faults', { body: { type: 'status-code', statusCode: 12, statusMessage: 'glob hit', route: '/**a**a**a**b' } });
    expect(added.status).toBe(200);
    const started = performance.now();
    const a = await h.call('GET', `/${'a'.repeat(1900 - '/api/v2/'.length - h.running.origin.length)}`, { auth: KSIPPO });
    expect(performance.now() - started).toBeLessThan(1000);
    expectEnvelopeError(a, 6);
    expect((await h.call('GET', '/aaab', { auth: KSIPPO })).body).toEqual({ statusCode: 12, statusMessage: 'glob hit' });
  });
});

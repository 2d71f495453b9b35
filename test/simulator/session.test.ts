import { afterEach, describe, expect, it } from 'vitest';
import { eventually, expectEnvelopeError, KSIPPO, sessionCookie, startSimulator, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Basic authentication', () => {
  it('denies missing, wrong and malformed credentials with exactly {statusCode:20, statusMessage:"Access denied"} and HTTP 403', async () => {
    h = await startSimulator();
    const cases: { auth?: string; headers?: Record<string, string> }[] = [
      {},
      { auth: 'ksippo:wrong' },
      { auth: 'nobody:' },
      { headers: { Authorization: 'Basic' } },
      { headers: { Authorization: 'Basic !!!notbase64' } },
      { headers: { Authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` } },
      { headers: { Authorization: 'Bearer abc' } },
    ];
    for (const c of cases) {
      const a = await h.call('GET', '/me', c);
      expect(a.body, JSON.stringify(c)).toEqual({ statusCode: 20, statusMessage: 'Access denied' });
      expect(a.status).toBe(403);
      expect(a.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('answers 401 with WWW-Authenticate when authFailureStatus is 401', async () => {
    h = await startSimulator({ authFailureStatus: 401 });
    const a = await h.call('GET', '/me');
    expect(a.status).toBe(401);
    expect(a.headers.get('www-authenticate')).toBe('Basic realm="GWS"');
    expect(a.body).toEqual({ statusCode: 20, statusMessage: 'Access denied' });
  });

  it('accepts an empty password and passwords with colons and latin-1 characters from fixtures', async () => {
    h = await startSimulator({
      fixtures: {
        users: [
          { id: 'a'.repeat(32), userName: 'empty', password: '', firstName: 'E', lastName: 'P', roles: ['ROLE_AGENT'], channels: ['chat'] },
          { id: 'b'.repeat(32), userName: 'colon', password: 'a:b:ä', firstName: 'C', lastName: 'P', roles: ['ROLE_AGENT'], channels: ['chat'] },
          { id: 'c'.repeat(32), userName: 'off', password: 'x', firstName: 'D', lastName: 'P', roles: ['ROLE_AGENT'], enabled: false, channels: ['chat'] },
        ],
      },
    });
    expect((await h.call('GET', '/me', { auth: 'empty:' })).body['statusCode']).toBe(0);
    expect((await h.call('GET', '/me', { auth: 'colon:a:b:ä' })).body['statusCode']).toBe(0);
    expect((await h.call('GET', '/me', { auth: 'off:x' })).body['statusCode']).toBe(20);
  });
});

describe('JSESSIONID session', () => {
  it('sets an HttpOnly JSESSIONID, accepts it instead of Basic, and EndContactCenterSession invalidates it', async () => {
    h = await startSimulator({ asyncDelayMs: 5 });
    const first = await h.call('GET', '/me', { auth: KSIPPO });
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^JSESSIONID=[0-9A-F]{32}; Path=\/; HttpOnly$/);
    const cookie = sessionCookie(first) as string;
    const viaCookie = await h.call('GET', '/me', { cookie });
    expect(viaCookie.body['statusCode']).toBe(0);
    expect(viaCookie.headers.get('set-cookie')).toBeNull();
    const basicWithCookie = await h.call('GET', '/me', { auth: KSIPPO, cookie });
    expect(basicWithCookie.headers.get('set-cookie')).toBeNull();

    const end = await h.call('POST', '/me', { cookie, body: { operationName: 'EndContactCenterSession' } });
    expect(end.text).toBe('{"statusCode":0}');
    expect(end.headers.get('set-cookie')).toBeNull();
    expect((await h.call('GET', '/me', { cookie })).body).toEqual({ statusCode: 20, statusMessage: 'Access denied' });
    expect((await h.call('GET', '/me', { auth: KSIPPO })).body['statusCode']).toBe(0);
  });

  it('invalidates the user\'s other sessions too when EndContactCenterSession comes with Basic only', async () => {
    h = await startSimulator({ asyncDelayMs: 5 });
    const cookie = sessionCookie(await h.call('GET', '/me', { auth: KSIPPO })) as string;
    expect((await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'EndContactCenterSession' } })).text).toBe('{"statusCode":0}');
    expect((await h.call('GET', '/me', { cookie })).body['statusCode']).toBe(20);
  });

  it('ignores unknown or garbage cookies', async () => {
    h = await startSimulator();
    expect((await h.call('GET', '/me', { cookie: 'JSESSIONID=nope' })).body['statusCode']).toBe(20);
    expect((await h.call('GET', '/me', { cookie: ';;=;JSESSIONID' })).body['statusCode']).toBe(20);
  });
});

describe('CSRF mode', () => {
  it('hands out X-CSRF-HEADER/X-CSRF-TOKEN on every GET and requires the session\'s token on POST', async () => {
    h = await startSimulator({ csrf: true, asyncDelayMs: 5 });
    const version = await h.call('GET', '/diagnostics/version');
    expect(version.headers.get('x-csrf-header')).toBe('X-CSRF-TOKEN');
    expect(version.headers.get('x-csrf-token')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const me = await h.call('GET', '/me', { auth: KSIPPO });
    const token = me.headers.get('x-csrf-token') as string;
    const cookie = sessionCookie(me) as string;
    expect(me.headers.get('x-csrf-header')).toBe('X-CSRF-TOKEN');
    const again = await h.call('GET', '/me/devices', { auth: KSIPPO, cookie });
    expect(again.headers.get('x-csrf-token')).toBe(token);

    const op = { operationName: 'Ready' };
    const noToken = await h.call('POST', '/me/channels/voice', { auth: KSIPPO, cookie, body: op });
    expect(noToken.status).toBe(403);
    expect(noToken.body).toEqual({ statusCode: 3, statusMessage: 'Missing or invalid Csrf token' });
    const wrongToken = await h.call('POST', '/me/channels/voice', { auth: KSIPPO, cookie, body: op, headers: { 'X-CSRF-TOKEN': 'x' } });
    expect(wrongToken.status).toBe(403);
    const noCookie = await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: op, headers: { 'X-CSRF-TOKEN': token } });
    expect(noCookie.status).toBe(403);
    const good = await h.call('POST', '/me/channels/voice', { auth: KSIPPO, cookie, body: op, headers: { 'X-CSRF-TOKEN': token } });
    expect(good.status).toBe(200);
    expect(good.text).toBe('{"statusCode":0}');
    const put = await h.call('PUT', '/me', { auth: KSIPPO, cookie, body: {} });
    expect(put.status).toBe(403);
    const del = await h.call('DELETE', '/me', { auth: KSIPPO, cookie });
    expect(del.body['statusMessage']).toBe('Missing or invalid Csrf token');
  });

  it('a session started on an unauthenticated GET carries its token into the authenticated POST', async () => {
    h = await startSimulator({ csrf: true, asyncDelayMs: 5 });
    const version = await h.call('GET', '/diagnostics/version');
    const cookie = sessionCookie(version) as string;
    const token = version.headers.get('x-csrf-token') as string;
    const a = await h.call('POST', '/me', {
      auth: KSIPPO,
      cookie,
      headers: { 'X-CSRF-TOKEN': token },
      body: { operationName: 'StartContactCenterSession', channels: ['voice'] },
    });
    expect(a.text).toBe('{"statusCode":0}');
    await eventually(async () => ((await h?.call('GET', '/me', { cookie }))?.body['statusCode'] === 0 ? true : undefined));
  });

  it('sends no CSRF headers when CSRF mode is off', async () => {
    h = await startSimulator();
    const me = await h.call('GET', '/me', { auth: KSIPPO });
    expect(me.headers.get('x-csrf-token')).toBeNull();
    expectEnvelopeError(await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'Nope' } }), 2);
  });
});

import { describe, expect, it } from 'vitest';
import { maskHeaders, redactDeep, stringRedactor } from './redact.ts';

const PAIR = { username: 'ksippo', password: 'hunter2"x' };
const redact = stringRedactor({ passwords: [PAIR.password], pairs: [PAIR] });

describe('stringRedactor', () => {
  it.each([
    ['the password', `bad password ${PAIR.password}!`, 'bad password ***!'],
    ['the user:password pair', `login ksippo:${PAIR.password} refused`, 'login *** refused'],
    ['the base64 pair without a scheme', `token ${Buffer.from(`ksippo:${PAIR.password}`, 'latin1').toString('base64')}`, 'token ***'],
    ['any Basic value', 'Authorization: Basic Zm9vOmJhcg==', 'Authorization: Basic ***'],
    ['the password inside JSON text', JSON.stringify({ statusMessage: `pw ${PAIR.password}` }), '{"statusMessage":"pw ***"}'],
    ['a password cut short by a display limit', '"login with hunt...', '"login with ***...'],
    ['a session id', 'Cookie: JSESSIONID=sngukrzemiyxchpu5isbufmm; other=1', 'Cookie: JSESSIONID=***; other=1'],
    ['a CSRF token header', 'X-CSRF-TOKEN: 4a92be65-ec55-4aa2-b9df-9518fd870f2f', 'X-CSRF-TOKEN: ***'],
    ['credentials in a URL', 'http://u:p@host/api/v2', 'http://***@host/api/v2'],
  ])('masks %s', (_name, text, masked) => {
    expect(redact(text)).toBe(masked);
  });

  it('leaves a short cut and ordinary text alone, and masks no empty password', () => {
    const none = stringRedactor({ passwords: [''], pairs: [{ username: 'ksippo', password: '' }] });
    expect(none('ksippo: statusCode 20 ("Access denied")')).toBe('ksippo: statusCode 20 ("Access denied")');
    expect(redact('GET /me hu...')).toBe('GET /me hu...');
  });
});

describe('redactDeep', () => {
  it('masks secret-named keys and every string inside', () => {
    const value = { headers: { authorization: 'Basic abc', cookie: 'JSESSIONID=1' }, body: { password: 'x', note: [`echo ${PAIR.password}`] } };
    expect(redactDeep(value, redact)).toEqual({ headers: { authorization: '***', cookie: '***' }, body: { password: '***', note: ['echo ***'] } });
  });
});

describe('maskHeaders', () => {
  it('keeps the scheme, masks Cookie session ids and the CSRF header the server named', () => {
    expect(
      maskHeaders({ authorization: 'Basic a3NpcHBvOg==', cookie: 'JSESSIONID=abc; x=1', 'x-my-csrf': 'tok', accept: 'application/json' }, 'X-My-CSRF'),
    ).toEqual({ authorization: 'Basic ***', cookie: 'JSESSIONID=***; x=1', 'x-my-csrf': '***', accept: 'application/json' });
  });
});

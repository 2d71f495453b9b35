import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, KSIPPO, startSimulator, type Harness } from './harness.ts';
import { envelopeProblem, parseRawAnswer, rawExchange } from './raw.ts';

/**
 * A bounded, seeded run of hostile requests: raw sockets and fetch, odd methods, headers, paths,
 * queries, bodies, cookies and Basic forms. No fault is injected, so no answer may be a 5xx; every
 * API answer must be an envelope; the seed must read the same afterwards.
 */

const SEED = 20261201;
const RAW_REQUESTS = 2000;
const FETCH_REQUESTS = 500;
const CONCURRENCY = 32;

function generator(seed: number): { int(n: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}

const basic = (text: string): string => `Basic ${Buffer.from(text, 'latin1').toString('base64')}`;

const PATHS = [
  '/me', '/me/', '/me/channels', '/me/channels/voice', '/me/channels/chat', '/me/channels/__proto__', '/me/channels/constructor',
  '/me/devices', '/me/skills', '/me/calls', '/devices', '/devices/__proto__', '/devices/74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01',
  '/users', '/users/__proto__', '/users/constructor/skills', '/users/toString/skills/valueOf', '/users/63630bbebf4840d7a0bffd6312bc29ff',
  '/users/%zz', '/users/%E0%A4%A', '/skills', '/skills/constructor', '/diagnostics/version', '', '/', '//me', '/me/../users',
  '/%2e%2e/%2e%2e/etc/passwd', '/me%00', '/me;jsessionid=x', '/__proto__', '/prototype/constructor', `/${'x'.repeat(2100)}`,
] as const;
const QUERIES = [
  '', '?fields=*', '?fields=constructor', '?fields=toString,valueOf', '?fields=__proto__', '?subresources=*', '?subresources=__proto__,constructor',
  '?__proto__.x=', '?constructor.prototype=1', '?skills.__proto__=x&subresources=skills', '?skills.name=Sales&fields=id', '?fields=%',
  '?&&&=&', '?fields[]=x', '?fields=,,,', '?subresources=hasOwnProperty&fields=*', `?x=${'q'.repeat(500)}`,
] as const;
const BODIES = [
  '', '{', 'null', '[]', '"str"', '1e999', '{"operationName":{"x":1}}', '{"operationName":"__proto__"}', '{"operationName":"constructor"}',
  '{"__proto__":{"operationName":"Ready"}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"operationName":"Ready","workmode":"__proto__"}',
  '{"operationName":"StartContactCenterSession","channels":["__proto__","constructor"]}', '{"operationName":"StartContactCenterSession","channels":[null,1]}',
  '{"operationName":"Offline"}', '{"operationName":"NotReady"}', '{"operationName":"AfterCallWork","wrapUpTime":"toString"}',
  '\u0000\u0001\u0002', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'x'.repeat(5000),
] as const;
const AUTHS = [
  '', `Authorization: ${basic('ksippo:')}`, `Authorization: ${basic('admin:admin')}`, `Authorization: ${basic('apiuser:apiuser')}`,
  `Authorization: ${basic('__proto__:')}`, `Authorization: ${basic('constructor:x')}`, `Authorization: ${basic(':')}`, `Authorization: ${basic('ksippo')}`,
  `Authorization: ${basic('ks\u00e4ppo:p\u00e4ss')}`, 'Authorization: Basic', 'Authorization: Basic ====', 'Authorization: basic a3NpcHBvOg==',
  'Authorization: Basic  a3NpcHBvOg==', 'Authorization: Basic a3NpcHBvOg==a3NpcHBvOg==', 'Authorization: Digest x', 'Authorization: Bearer __proto__',
  `Authorization: Basic ${'A'.repeat(4000)}`,
] as const;
const COOKIES = ['', 'Cookie: JSESSIONID=', 'Cookie: JSESSIONID=__proto__', 'Cookie: __proto__=x; constructor=1', 'Cookie: =;=;', 'Cookie: JSESSIONID=a; JSESSIONID=b', `Cookie: ${'c=1; '.repeat(300)}`] as const;
const EXTRA_HEADERS = ['', 'X-CSRF-TOKEN: __proto__', 'Expect: 100-continue', 'Content-Type: text/plain', 'Accept: */*;q=0', 'Upgrade: websocket\r\nConnection: Upgrade', 'X-Forwarded-Host: evil'] as const;
const RAW_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'MKCOL', 'BREW', 'get', 'G ET', ''] as const;
const FETCH_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND'] as const;

type Kind = 'complete' | 'malformed';

interface RawCase {
  readonly kind: Kind;
  readonly method: string;
  readonly text: string;
}

function rawCase(random: ReturnType<typeof generator>): RawCase {
  const method = random.pick(RAW_METHODS);
  const path = `/api/v2${random.pick(PATHS)}${random.pick(QUERIES)}`;
  const body = random.pick(BODIES);
  const shape = random.int(10);
  const host = random.pick(['Host: 127.0.0.1\r\n', 'Host: 127.0.0.1\r\n', '', 'Host: a b\r\n', 'Host: __proto__\r\n']);
  const headers = [random.pick(AUTHS), random.pick(COOKIES), random.pick(EXTRA_HEADERS)].filter((h) => h !== '').map((h) => `${h}\r\n`).join('');
  const framing = shape === 0 ? `Transfer-Encoding: chunked\r\n` : shape === 1 ? `Content-Length: ${body.length + 40}\r\n` : `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  const payload = shape === 0 ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : body;
  const head = `${method} ${path} HTTP/1.1\r\n${host}${headers}${framing}Connection: close\r\n\r\n`;
  if (shape === 2) return { kind: 'malformed', method, text: head.slice(0, random.int(head.length)) };
  const malformed = shape === 1 || method === 'G ET' || method === '' || method === 'get' || method === 'BREW';
  return { kind: malformed ? 'malformed' : 'complete', method, text: head + payload };
}

async function inBatches<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(run))));
  return out;
}

let h: Harness;
beforeAll(async () => {
  h = await startSimulator({ asyncDelayMs: 5, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await h.close();
});

async function seedAnswers(): Promise<string[]> {
  const paths = ['/me', '/me/devices?fields=*', '/me/channels?fields=*', '/users?fields=*&subresources=*'];
  return Promise.all(paths.map(async (path) => (await h.call('GET', path, { auth: path.startsWith('/users') ? ADMIN : KSIPPO })).text));
}

describe('seeded fuzz', () => {
  it(`${RAW_REQUESTS} raw and ${FETCH_REQUESTS} fetch requests: no 5xx, an envelope on every API answer, the seed unchanged`, async () => {
    const before = await seedAnswers();
    const random = generator(SEED);
    const problems: string[] = [];
    const note = (what: string, problem: string | undefined): void => {
      if (problem !== undefined && problems.length < 20) problems.push(`${what.slice(0, 160)}: ${problem}`);
    };

    const cases = Array.from({ length: RAW_REQUESTS }, () => rawCase(random));
    const rawAnswers = await inBatches(cases, async (c) => ({ c, text: await rawExchange(h.running.port, c.text) }));
    let answered = 0;
    for (const { c, text } of rawAnswers) {
      const answer = parseRawAnswer(text);
      const what = JSON.stringify(c.text.slice(0, 120));
      if (answer === undefined) {
        if (c.kind === 'complete') note(what, `no answer (${JSON.stringify(text.slice(0, 60))})`);
        continue;
      }
      answered += 1;
      if (answer.status >= 500) note(what, `HTTP ${answer.status} ${answer.body.slice(0, 80)}`);
      if (c.method !== 'HEAD' || c.kind === 'malformed') note(what, envelopeProblem(answer.headers.get('content-type'), answer.body));
    }

    const fetchCases = Array.from({ length: FETCH_REQUESTS }, () => {
      const method = random.pick(FETCH_METHODS);
      const path = `${random.pick(PATHS)}${random.pick(QUERIES)}`;
      const headers: Record<string, string> = {};
      const auth = random.pick(AUTHS);
      if (auth.startsWith('Authorization: ')) headers['Authorization'] = auth.slice('Authorization: '.length);
      const cookie = random.pick(COOKIES);
      if (cookie !== '') headers['Cookie'] = cookie.slice('Cookie: '.length);
      if (random.int(3) === 0) headers['X-CSRF-TOKEN'] = random.pick(['__proto__', '', 'x']);
      const body = method === 'GET' || method === 'HEAD' ? undefined : random.pick(BODIES);
      return { method, path, headers, body };
    });
    const fetchAnswers = await inBatches(fetchCases, async (c) => {
      const response = await fetch(`${h.running.url}${c.path}`, { method: c.method, headers: c.headers, ...(c.body === undefined ? {} : { body: c.body }) });
      return { c, status: response.status, contentType: response.headers.get('content-type') ?? undefined, text: await response.text() };
    });
    for (const { c, status, contentType, text } of fetchAnswers) {
      const what = `${c.method} ${c.path} ${JSON.stringify(c.headers)} ${JSON.stringify(c.body ?? '').slice(0, 60)}`;
      if (status >= 500) note(what, `HTTP ${status} ${text.slice(0, 80)}`);
      if (c.method !== 'HEAD') note(what, envelopeProblem(contentType, text));
    }

    expect(problems).toEqual([]);
    // Complete requests are the majority, and each of them was answered.
    expect(answered).toBeGreaterThan(RAW_REQUESTS / 2);
    expect((await h.callOrigin('GET', '/__simulator/faults')).body).toEqual({ faults: [] });
    // Valid operations among the fuzz change agent state on purpose; the reset restores it, and
    // anything that survives a reset (a polluted prototype, a mutated shared constant) shows here.
    await h.callOrigin('POST', '/__simulator/reset');
    expect(await seedAnswers()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

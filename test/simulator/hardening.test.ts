import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEnvelopeError, KSIPPO, startSimulator, type Harness } from './harness.ts';
import { rawExchange } from './raw.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSimulator({ maxBodyBytes: 4096, asyncDelayMs: 5 });
});
afterAll(async () => {
  await h.close();
});

const raw = rawExchange;

function bodyOf(response: string): Record<string, unknown> {
  const at = response.indexOf('\r\n\r\n');
  return JSON.parse(response.slice(at + 4)) as Record<string, unknown>;
}

describe('limits', () => {
  it('rejects a URL over 2000 characters with HTTP 414 and statusCode 10, and accepts one at the limit', async () => {
    const base = `${h.running.url}/me?x=`;
    const atLimit = await h.call('GET', `/me?x=${'a'.repeat(2000 - base.length)}`, { auth: KSIPPO });
    expect(atLimit.body['statusCode']).toBe(0);
    const over = await h.call('GET', `/me?x=${'a'.repeat(2001 - base.length)}`, { auth: KSIPPO });
    expect(over.status).toBe(414);
    expect(over.body).toEqual({ statusCode: 10, statusMessage: 'Request URL exceeds 2000 characters' });
  });

  it('honours urlLimit and urlLimitHttpStatus options', async () => {
    const small = await startSimulator({ urlLimit: 60, urlLimitHttpStatus: 400 });
    try {
      const a = await small.call('GET', `/diagnostics/version?${'q'.repeat(60)}`);
      expect(a.status).toBe(400);
      expect(a.body['statusMessage']).toBe('Request URL exceeds 60 characters');
    } finally {
      await small.close();
    }
  });

  it('rejects bodies over maxBodyBytes with HTTP 413 and statusCode 10, declared or streamed', async () => {
    const big = await h.call('POST', '/me/channels/voice', { auth: KSIPPO, rawBody: JSON.stringify({ operationName: 'Ready', pad: 'x'.repeat(5000) }) });
    expect(big.status).toBe(413);
    expectEnvelopeError(big, 10);
    const chunked = await raw(
      h.running.port,
      `POST /api/v2/me HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${'1000\r\n' + 'y'.repeat(4096) + '\r\n'}${'10\r\n' + 'y'.repeat(16) + '\r\n'}0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413/);
    expect(bodyOf(chunked)['statusCode']).toBe(10);
    expect((await h.call('GET', '/me', { auth: KSIPPO })).body['statusCode']).toBe(0);
  });

  it('answers oversized headers with an envelope (HTTP 431)', async () => {
    const response = await raw(h.running.port, `GET /api/v2/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(70 * 1024)}\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431/);
    expect(response).toContain('application/json; charset=utf-8');
    expect(bodyOf(response)).toEqual({ statusCode: 10, statusMessage: 'Request header fields too large' });
  });

  it('answers garbage request lines with an envelope (HTTP 400)', async () => {
    const response = await raw(h.running.port, 'HELLO THERE\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400/);
    expect(bodyOf(response)).toEqual({ statusCode: 10, statusMessage: 'Malformed HTTP request' });
  });

  it('answers a request target that is not a path with statusCode 10', async () => {
    const response = await raw(h.running.port, 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(bodyOf(response)['statusCode']).toBe(10);
  });
});

describe('fuzz', () => {
  it('survives a few hundred malformed requests and still serves', async () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(items: readonly T[]): T => items[rand(items.length)] as T;
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'BREW', 'G ET', ''];
    const paths = ['/api/v2/me', '/api/v2/me/channels/voice', '/api/v2/users/%zz', '/api/v2/../../etc/passwd', '/api/v2/me?fields=%', '/api/v2//me', '/api/v2/users/\u00e4', '/__simulator/faults', '/api/v2/skills?subresources=*&skills.=x', `/api/v2/${'x'.repeat(3000)}`, '/api/v2/me/channels/voice?fields=,,,', '*', 'http://evil/api/v2/me'];
    const bodies = ['', '{', '{"operationName":', 'null', '[]', '"str"', '{"operationName":{"x":1}}', '\u0000\u0001\u0002', '{"operationName":"StartContactCenterSession","channels":[null,1]}', 'x'.repeat(5000)];
    const auths = ['', 'Authorization: Basic\r\n', 'Authorization: Basic ====\r\n', 'Authorization: Basic a3NpcHBvOg==\r\n', 'Authorization: Digest x\r\n', `Authorization: Basic ${'A'.repeat(5000)}\r\n`, 'Cookie: JSESSIONID=\r\n', 'Cookie: =;=;\r\n'];
    const requests: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const body = pick(bodies);
      const kind = rand(6);
      const declared = kind === 0 ? body.length + 50 : kind === 1 ? -3 : body.length;
      const head = `${pick(methods)} ${pick(paths)} HTTP/1.${rand(3)}\r\nHost: ${pick(['x', '', 'a b', '127.0.0.1:1'])}\r\n${pick(auths)}${kind === 2 ? 'Bad Header Line\r\n' : ''}${kind === 3 ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${declared}\r\n`}Connection: close\r\n\r\n`;
      requests.push(kind === 4 ? head.slice(0, rand(head.length)) : head + body);
    }
    for (let i = 0; i < requests.length; i += 25) {
      const batch = requests.slice(i, i + 25).map((r) => raw(h.running.port, r));
      const answers = await Promise.all(batch);
      for (const answer of answers) {
        if (answer.startsWith('HTTP/1.1 ') && !/^HTTP\/1\.1 (5\d\d|431)/.test(answer) && answer.includes('\r\n\r\n')) {
          const headers = answer.slice(0, answer.indexOf('\r\n\r\n'));
          if (!/^HTTP\/1\.1 (204|304)/.test(answer) && !headers.includes('Content-Length: 0')) {
            expect(headers.toLowerCase()).toContain('content-type: application/json');
          }
        }
        expect(answer).not.toMatch(/^HTTP\/1\.1 500/);
      }
    }
    const viaFetch = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const method = pick(['GET', 'POST', 'PUT', 'DELETE']);
        const body = pick(['', '{', '{"operationName":"Ready"}', '[]']);
        return h.call(method, `/${pick(['me', 'users', 'skills', 'me/channels/voice', 'devices'])}${i % 2 === 0 ? '?fields=' + pick(['*', 'id', '', ',']) : ''}`, {
          auth: pick(['ksippo:', 'admin:admin', 'x:y']),
          ...(method === 'GET' ? {} : { rawBody: body }),
        });
      }),
    );
    for (const answer of viaFetch) {
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number.isInteger(answer.body['statusCode'])).toBe(true);
      if (answer.body['statusCode'] !== 0) expect(Object.keys(answer.body).sort()).toEqual(['statusCode', 'statusMessage']);
      else expect(answer.body).not.toHaveProperty('statusMessage');
    }
    const after = await h.call('GET', '/me', { auth: KSIPPO });
    expect(after.status).toBe(200);
    expect(after.body['statusCode']).toBe(0);
    expect((await h.call('GET', '/diagnostics/version')).body['statusCode']).toBe(0);
  });
});

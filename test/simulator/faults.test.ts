import { once } from 'node:events';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateAppliedEvent } from '../../src/simulator/types.ts';
import { eventually, expectEnvelopeError, KSIPPO, startSimulator, voiceState, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function addFault(harness: Harness, spec: unknown): Promise<string> {
  const a = await harness.callOrigin('POST', '/__simulator/faults', { body: spec });
  expect(a.status, a.text).toBe(200);
  return a.body['id'] as string;
}

describe('control API', () => {
  it('adds, lists, removes and clears faults; bad specs get a one-line 400', async () => {
    h = await startSimulator();
    const id = await addFault(h, { type: 'status-code', statusCode: 4, route: '/me' });
    await addFault(h, { type: 'latency', fixedMs: 1 });
    const list = await h.callOrigin('GET', '/__simulator/faults');
    expect((list.body['faults'] as { id: string }[]).map((f) => f.id)).toEqual([id, 'f2']);
    expect((await h.callOrigin('DELETE', `/__simulator/faults/${id}`)).body).toEqual({ removed: id });
    expect((await h.callOrigin('DELETE', `/__simulator/faults/${id}`)).status).toBe(404);
    expect((await h.callOrigin('DELETE', '/__simulator/faults')).body).toEqual({ cleared: 1 });

    for (const [spec, message] of [
      [{ type: 'explode' }, /fault "type" "explode" is not one of latency/],
      [{ type: 'latency' }, /fault "latency" needs "fixedMs"/],
      [{ type: 'latency', fixedMs: -1 }, /"fixedMs" -1 must be milliseconds/],
      [{ type: 'hang', rate: 2 }, /"rate" 2 must be a number from 0 to 1/],
      [{ type: 'hang', colour: 'red' }, /unknown key "colour"/],
      [{ type: 'mutate', op: 'twist', pointer: '/a' }, /"op" "twist" must be one of add, remove, retype/],
      [{ type: 'latency', fixedMs: 1, delays: 'later' }, /"delays" "later" must be one of request, answer/],
      [[1], /must be a JSON object/],
    ] as const) {
      const a = await h.callOrigin('POST', '/__simulator/faults', { body: spec });
      expect(a.status).toBe(400);
      expect(a.body['error']).toMatch(message);
      expect(String(a.body['error'])).not.toContain('\n');
    }
    expect((await h.callOrigin('POST', '/__simulator/faults', { rawBody: '{nope' })).status).toBe(400);
    expect((await h.callOrigin('GET', '/__simulator/unknown')).status).toBe(404);
  });

  it('sets defects at run time with PUT /__simulator/defects and rejects unknown names', async () => {
    h = await startSimulator();
    const put = await h.callOrigin('PUT', '/__simulator/defects', { body: { defects: ['status-message-on-success'] } });
    expect(put.body).toEqual({ defects: ['status-message-on-success'] });
    expect((await h.call('GET', '/diagnostics/version')).body['statusMessage']).toBe('OK');
    const bad = await h.callOrigin('PUT', '/__simulator/defects', { body: { defects: ['nonsense'] } });
    expect(bad.status).toBe(400);
    expect(bad.body['error']).toMatch(/defect "nonsense" is not one of/);
    expect((await h.callOrigin('PUT', '/__simulator/defects', { body: {} })).status).toBe(400);
    await h.callOrigin('PUT', '/__simulator/defects', { body: { defects: [] } });
    expect((await h.callOrigin('GET', '/__simulator/defects')).body).toEqual({ defects: [] });
    expect((await h.call('GET', '/diagnostics/version')).body).not.toHaveProperty('statusMessage');
  });
});

describe('faults', () => {
  it('latency delays matching requests by fixedMs (plus jitter) only', async () => {
    h = await startSimulator({ faults: [{ type: 'latency', fixedMs: 250, jitterMs: 10, route: '/me' }] });
    const started = Date.now();
    expect((await h.call('GET', '/me', { auth: KSIPPO })).body['statusCode']).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    const other = Date.now();
    await h.call('GET', '/diagnostics/version');
    expect(Date.now() - other).toBeLessThan(240);
  });

  it.each([
    ['request', 'the operation takes effect only after the delay, when the client has given up'],
    ['answer', 'the operation takes effect at once; only its answer comes too late'],
  ] as const)('latency with delays=%s: %s', async (delays, _) => {
    h = await startSimulator({ asyncDelayMs: 5 });
    await addFault(h, { type: 'latency', fixedMs: 600, delays, method: 'POST', route: '/me/channels/voice' });
    const applied = once(h.simulator.events, 'state-applied');
    const sentAt = Date.now();
    // The client gives up after 100 ms, long before the 600 ms delay is over.
    const answer = fetch(`${h.running.url}/me/channels/voice`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(KSIPPO).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ operationName: 'Ready' }),
      signal: AbortSignal.timeout(100),
    });
    await expect(answer).rejects.toThrow();
    await applied;
    const appliedAfter = Date.now() - sentAt;
    if (delays === 'request') expect(appliedAfter).toBeGreaterThanOrEqual(590);
    else expect(appliedAfter).toBeLessThan(590);
    expect((await voiceState(h))['state']).toBe('Ready');
  });

  it('status-code answers the given statusCode with its HTTP status, per route and method', async () => {
    h = await startSimulator();
    await addFault(h, { type: 'status-code', statusCode: 4, route: '/me/**', method: 'GET' });
    const a = await h.call('GET', '/me/devices', { auth: KSIPPO });
    expectEnvelopeError(a, 4);
    expect(a.status).toBe(503);
    expect((await h.call('GET', '/me', { auth: KSIPPO })).body['statusCode']).toBe(0);
    await addFault(h, { type: 'status-code', statusCode: 12, httpStatus: 503, statusMessage: 'Cassandra is down', route: '/users' });
    const b = await h.call('GET', '/users', { auth: KSIPPO });
    expect(b.status).toBe(503);
    expect(b.body).toEqual({ statusCode: 12, statusMessage: 'Cassandra is down' });
  });

  it('rate 0 never fires, times limits how often a fault fires', async () => {
    h = await startSimulator({ faults: [{ type: 'status-code', statusCode: 4, rate: 0 }] });
    expect((await h.call('GET', '/diagnostics/version')).body['statusCode']).toBe(0);
    await addFault(h, { type: 'status-code', statusCode: 9, times: 2 });
    expect((await h.call('GET', '/diagnostics/version')).body['statusCode']).toBe(9);
    expect((await h.call('GET', '/diagnostics/version')).body['statusCode']).toBe(9);
    expect((await h.call('GET', '/diagnostics/version')).body['statusCode']).toBe(0);
  });

  it('http-5xx-html answers an HTML error page', async () => {
    h = await startSimulator({ faults: [{ type: 'http-5xx-html', httpStatus: 503 }] });
    const a = await h.call('GET', '/me', { auth: KSIPPO });
    expect(a.status).toBe(503);
    expect(a.headers.get('content-type')).toMatch(/^text\/html/);
    expect(a.text).toMatch(/^<html>/);
  });

  it('not-json answers a body that does not parse, labelled application/json', async () => {
    h = await startSimulator({ faults: [{ type: 'not-json' }] });
    const a = await h.call('GET', '/me', { auth: KSIPPO });
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(a.text) as unknown).toThrow();
  });

  it('wrong-content-type keeps the JSON body but labels it otherwise', async () => {
    h = await startSimulator({ faults: [{ type: 'wrong-content-type', contentType: 'text/plain' }] });
    const a = await h.call('GET', '/me', { auth: KSIPPO });
    expect(a.headers.get('content-type')).toBe('text/plain');
    expect(a.body['statusCode']).toBe(0);
  });

  it('hang accepts the request and never answers; close() still returns', async () => {
    const harness = await startSimulator({ faults: [{ type: 'hang', route: '/me' }] });
    const outcome = await new Promise<string>((resolve) => {
      const req = request(`${harness.running.url}/me`, { auth: 'ksippo:', timeout: 300 }, () => resolve('answered'));
      req.on('timeout', () => resolve('no answer'));
      req.on('error', () => resolve('error'));
      req.end();
    });
    expect(outcome).toBe('no answer');
    await harness.close();
  });

  it('reset destroys the connection', async () => {
    h = await startSimulator({ faults: [{ type: 'reset', route: '/me' }] });
    await expect(h.call('GET', '/me', { auth: KSIPPO })).rejects.toThrow();
    expect((await h.call('GET', '/diagnostics/version')).body['statusCode']).toBe(0);
  });

  it('async-never-applied acknowledges an operation that never takes effect', async () => {
    h = await startSimulator({ asyncDelayMs: 5 });
    await addFault(h, { type: 'async-never-applied', route: '/me/channels/voice', method: 'POST', times: 1 });
    const events: StateAppliedEvent[] = [];
    h.simulator.events.on('state-applied', (e: StateAppliedEvent) => events.push(e));
    expect((await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } })).text).toBe('{"statusCode":0}');
    const next = once(h.simulator.events, 'state-applied');
    expect((await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'AuxWork' } })).text).toBe('{"statusCode":0}');
    await next;
    expect(events.map((e) => e.devices[0]?.userState.workMode)).toEqual(['AuxWork']);
    expect((await voiceState(h))['workMode']).toBe('AuxWork');
  });

  it('down refuses connections for durationMs, then serves again on the same port', async () => {
    h = await startSimulator();
    const harness = h;
    const id = await addFault(harness, { type: 'down', durationMs: 400 });
    expect(id).toMatch(/^f\d+$/);
    await expect(fetch(`${harness.running.url}/diagnostics/version`)).rejects.toThrow();
    const back = await eventually(async () => {
      try {
        return (await harness.call('GET', '/diagnostics/version')).body['statusCode'];
      } catch {
        return undefined;
      }
    }, 5000, 'server back up');
    expect(back).toBe(0);
    expect(harness.simulator.faults.list()).toEqual([]);
  });

  it('a down fault given at start refuses connections from the moment the simulator listens', async () => {
    h = await startSimulator({ faults: [{ type: 'down', durationMs: 300 }] });
    const harness = h;
    await expect(fetch(`${harness.running.url}/diagnostics/version`)).rejects.toThrow();
    await eventually(async () => {
      try {
        return (await harness.call('GET', '/diagnostics/version')).body['statusCode'] === 0 ? true : undefined;
      } catch {
        return undefined;
      }
    }, 5000, 'server back up');
  });

  it('large-body answers the given number of bytes, a valid JSON prefix followed by junk', async () => {
    h = await startSimulator({ faults: [{ type: 'large-body', bytes: 10 * 1024 * 1024, route: '/me' }] });
    const a = await h.call('GET', '/me', { auth: KSIPPO });
    expect(a.text.length).toBe(10 * 1024 * 1024);
    expect(a.text.startsWith('{"statusCode":0,')).toBe(true);
    expect(() => JSON.parse(a.text) as unknown).toThrow();
  });

  it('mutate adds, removes and retypes attributes of the response body', async () => {
    h = await startSimulator({
      faults: [
        { type: 'mutate', op: 'add', pointer: '/user/nickname', value: 'kiki', route: '/me' },
        { type: 'mutate', op: 'remove', pointer: '/user/lastName', route: '/me' },
        { type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me' },
        { type: 'mutate', op: 'retype', pointer: '/user/id', route: '/me' },
      ],
    });
    const user = (await h.call('GET', '/me', { auth: KSIPPO })).body['user'] as Record<string, unknown>;
    expect(user['nickname']).toBe('kiki');
    expect(user).not.toHaveProperty('lastName');
    expect(user['enabled']).toBe('true');
    expect(typeof user['id']).toBe('number');
  });
});

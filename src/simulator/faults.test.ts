import { describe, expect, it } from 'vitest';
import { FaultRegistry, FaultSpecError, parseFaultArg, validateFaultSpec } from './faults.ts';
import { applyMutation, retyped } from './mutate.ts';

describe('validateFaultSpec and parseFaultArg', () => {
  it('accepts every documented shape', () => {
    expect(parseFaultArg('status-code,statusCode=4,httpStatus=500,route=/me/**,rate=0.5')).toEqual({ type: 'status-code', statusCode: 4, httpStatus: 500, route: '/me/**', rate: 0.5 });
    expect(parseFaultArg('{"type":"hang","method":"POST"}')).toEqual({ type: 'hang', method: 'POST' });
    expect(parseFaultArg('mutate,op=retype,pointer=/user/id')).toEqual({ type: 'mutate', op: 'retype', pointer: '/user/id' });
    expect(parseFaultArg('wrong-content-type,contentType=text/plain')).toEqual({ type: 'wrong-content-type', contentType: 'text/plain' });
    expect(parseFaultArg('latency,fixedMs=1100,jitterMs=3000,delays=answer,method=POST,route=/me/channels/voice')).toEqual({
      type: 'latency',
      fixedMs: 1100,
      jitterMs: 3000,
      delays: 'answer',
      method: 'POST',
      route: '/me/channels/voice',
    });
  });

  it.each([
    [null, /must be a JSON object/],
    [{ type: 'latency', fixedMs: 'x' }, /"fixedMs" "x" must be milliseconds/],
    [{ type: 'latency', fixedMs: 1, delays: 'response' }, /"delays" "response" must be one of request, answer/],
    [{ type: 'status-code' }, /needs "statusCode"/],
    [{ type: 'status-code', statusCode: 1.5 }, /must be an integer/],
    [{ type: 'status-code', statusCode: 4, httpStatus: 99 }, /httpStatus" 99 must be an HTTP status/],
    [{ type: 'http-5xx-html', httpStatus: 404 }, /must be from 500 to 599/],
    [{ type: 'large-body', bytes: 0 }, /"bytes" 0 must be from 1/],
    [{ type: 'mutate', op: 'add', pointer: 'user' }, /must be a JSON pointer/],
    [{ type: 'hang', route: 'me' }, /must be a path glob/],
    [{ type: 'hang', method: 'G E T' }, /must be an HTTP method/],
    [{ type: 'hang', times: 0 }, /"times" 0 must be a positive integer/],
    [{ type: 'wrong-content-type', contentType: 'text/plain\r\nX-Evil: 1' }, /must be a printable header value/],
  ])('rejects %j', (spec, message) => {
    expect(() => validateFaultSpec(spec)).toThrow(FaultSpecError);
    expect(() => validateFaultSpec(spec)).toThrow(message);
  });

  it('rejects malformed CLI forms', () => {
    expect(() => parseFaultArg('{nope')).toThrow(/is not valid JSON/);
    expect(() => parseFaultArg('hang,route')).toThrow(/"route" is not key=value/);
  });
});

describe('FaultRegistry', () => {
  it('fires matching faults in order, by route, method, rate and times', () => {
    const registry = new FaultRegistry();
    const a = registry.add({ type: 'latency', fixedMs: 1, route: '/me/**' });
    const b = registry.add({ type: 'hang', method: 'post', rate: 0.5 });
    registry.add({ type: 'reset', times: 1 });
    registry.add({ type: 'down', durationMs: 10 });
    const always = (): number => 0;
    const never = (): number => 0.99;
    expect(registry.fire('/me/devices', 'POST', always).map((f) => f.type)).toEqual(['latency', 'hang', 'reset']);
    expect(registry.fire('/me/devices', 'POST', always).map((f) => f.id)).toEqual([a, b]);
    expect(registry.fire('/users', 'POST', never).map((f) => f.id)).toEqual([]);
    expect(registry.fire('/users', 'GET', always)).toEqual([]);
    expect(registry.remove(a)).toBe(true);
    expect(registry.remove(a)).toBe(false);
    expect(registry.clear()).toBe(2);
  });
});

describe('applyMutation', () => {
  it('adds, removes and retypes members of objects and arrays', () => {
    const body = { user: { id: 'abc', roles: ['A'], n: 5 } };
    expect(applyMutation(body, 'add', '/user/extra', 1)).toBe(true);
    expect(applyMutation(body, 'add', '/user/roles/-', 'B')).toBe(true);
    expect(applyMutation(body, 'remove', '/user/id')).toBe(true);
    expect(applyMutation(body, 'retype', '/user/n')).toBe(true);
    expect(applyMutation(body, 'retype', '/user/roles')).toBe(true);
    expect(body).toEqual({ user: { extra: 1, roles: '["A","B"]', n: '5' } });
    expect(applyMutation(body, 'remove', '/missing/x')).toBe(false);
    expect(applyMutation(body, 'remove', '/user/none')).toBe(false);
    expect(applyMutation({ a: [1] }, 'retype', '/a/0', 'one')).toBe(true);
    expect(applyMutation({ 'a/b': 1 }, 'remove', '/a~1b')).toBe(true);
  });

  it('retyped always changes the JSON type', () => {
    for (const v of ['12', 'text', 3, true, null, {}, []]) {
      const out = retyped(v);
      expect(Array.isArray(out) ? 'array' : out === null ? 'null' : typeof out).not.toBe(Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
    }
  });
});

describe('mutate pointers', () => {
  it.each(['/__proto__/polluted', '/constructor/prototype/polluted', '/user/prototype', '/a~1b/__proto__'])('refuses %s with one line naming the pointer', (pointer) => {
    expect(() => validateFaultSpec({ type: 'mutate', op: 'add', pointer, value: 1 })).toThrow(FaultSpecError);
    expect(() => validateFaultSpec({ type: 'mutate', op: 'add', pointer, value: 1 })).toThrow(/must not name "(__proto__|constructor|prototype)"/);
  });

  it('never walks into a prototype when applied directly', () => {
    const body: Record<string, unknown> = { user: { id: 'x' } };
    expect(applyMutation(body, 'add', '/__proto__/polluted', true)).toBe(false);
    expect(applyMutation(body, 'add', '/user/constructor/prototype/polluted', true)).toBe(false);
    expect(applyMutation(body, 'retype', '/user/toString')).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(body).toEqual({ user: { id: 'x' } });
  });
});

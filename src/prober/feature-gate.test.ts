import { describe, expect, it } from 'vitest';
import type { Contracts, Operation } from '../contracts/index.ts';
import { gateOnFeatures, sourceOperations, type FeatureGate } from './feature-gate.ts';
import type { TargetFeatures } from './features.ts';
import type { ProbeResult } from './types.ts';

function op(id: string, path: string, fields: Partial<Operation> = {}): Operation {
  return {
    id, method: 'GET', path, summary: id, identity: 'user', responseSchema: `x/${id}`, statusCodes: [0, 6],
    latencyBudgetMs: 1000, readOnly: true, tags: [], example: {}, requiredFeatures: [], ...fields,
  };
}

const CATALOG = [
  op('get-me', '/me'),
  op('get-me-devices', '/me/devices', { requiredFeatures: ['api-voice'] }),
  op('get-devices-id', '/devices/{id}', { paramSources: { id: { operation: 'get-me-devices', pointer: '/devices/0/id', take: 'value' } } }),
  op('get-devices-id-x', '/devices/{id}/x', { paramSources: { id: { operation: 'get-devices-id', pointer: '/device/id', take: 'value' } } }),
  op('get-me-channels', '/me/channels'),
  op('get-me-channels-chat', '/me/channels/chat', { memberOf: { operation: 'get-me-channels', pointer: '/channels', field: 'channel', value: 'chat' } }),
  op('get-me-chats', '/me/chats', { requiredFeatures: ['api-multimedia'] }),
];
const contracts = { operation: (id: string) => CATALOG.find((o) => o.id === id) as Operation } as Contracts;

/** Features that answer `lists` in turn, one list per read (the last one again when they run out). */
function features(lists: (readonly string[] | undefined)[]) {
  let reads = 0;
  let enabled: ReadonlySet<string> | undefined;
  const read = (): void => {
    const list = lists.length > 1 ? lists.shift() : lists[0];
    enabled = list === undefined ? undefined : new Set(list);
    reads += 1;
  };
  const f: TargetFeatures = {
    target: 't',
    enabled: () => enabled,
    current: () => {
      if (reads === 0) read();
      return Promise.resolve(enabled);
    },
    refresh: () => {
      read();
      return Promise.resolve();
    },
    refreshIfOlderThan: () => {
      read();
      return Promise.resolve(enabled);
    },
    close: () => undefined,
  };
  return { f, reads: () => reads };
}

function result(fields: Partial<ProbeResult> = {}): ProbeResult {
  return { target: 't', probe: 'get-me-chats', kind: 'operation', ok: true, outcome: 'success', statusCode: 0, responded: true, durationMs: 12, violations: [], startedAt: 5, ...fields };
}

const FAILED = result({ ok: false, outcome: 'status_code_error', statusCode: 6, error: 'statusCode 6' });

function gate(id: string, f: TargetFeatures, kind: FeatureGate['kind'] = 'operation'): FeatureGate {
  const operation = contracts.operation(id);
  return { target: 't', probe: id, kind, op: operation, sources: sourceOperations(operation, contracts), features: f, clock: { now: () => 42, sleep: () => Promise.resolve() } };
}

const signal = new AbortController().signal;

describe('sourceOperations: what a probe reads before its own request', () => {
  it('the sources of its path parameters, transitively, and the collection of a memberOf read', () => {
    expect(sourceOperations(contracts.operation('get-devices-id-x'), contracts).map((o) => o.id)).toEqual(['get-devices-id', 'get-me-devices']);
    expect(sourceOperations(contracts.operation('get-me-channels-chat'), contracts).map((o) => o.id)).toEqual(['get-me-channels']);
    expect(sourceOperations(contracts.operation('get-me'), contracts)).toEqual([]);
  });
});

describe('gateOnFeatures: a probe behind its target\'s features', () => {
  it('does not apply, without a request, while the target does not list a feature the operation needs', async () => {
    const { f } = features([['api-voice']]);
    let runs = 0;
    const run = gateOnFeatures(gate('get-me-chats', f), () => {
      runs += 1;
      return Promise.resolve(result());
    });
    expect(await run(signal)).toEqual({
      target: 't', probe: 'get-me-chats', kind: 'operation', ok: false, outcome: 'not_applicable', statusCode: null, responded: false,
      durationMs: 0, violations: [], startedAt: 42,
      error: 'the target does not enable feature api-multimedia (not listed by GET /features), which GET /me/chats requires',
    });
    expect(runs).toBe(0);
  });

  it('the features of an operation read first count too', async () => {
    const { f } = features([['api-multimedia']]);
    const outcome = await gateOnFeatures(gate('get-devices-id-x', f), () => Promise.resolve(result()))(signal);
    expect(outcome.outcome).toBe('not_applicable');
    expect(outcome.error).toMatch(/feature api-voice .* which get-me-devices requires \(read first for GET \/devices\/\{id\}\/x\)$/);
  });

  it('runs the probe when every feature is listed, and while the features are unknown (an older GWS)', async () => {
    for (const list of [['api-multimedia'], undefined]) {
      const { f } = features([list]);
      expect(await gateOnFeatures(gate('get-me-chats', f), () => Promise.resolve(result()))(signal)).toEqual(result());
    }
  });

  it('leaves a probe that needs no feature as it is: no read', () => {
    const { f, reads } = features([[]]);
    const run = (): Promise<ProbeResult> => Promise.resolve(result());
    expect(gateOnFeatures(gate('get-me', f), run)).toBe(run);
    expect(reads()).toBe(0);
  });

  it('a failed run reads the features again: a feature switched off since makes it not apply instead of failing', async () => {
    const { f, reads } = features([['api-multimedia'], []]);
    const outcome = await gateOnFeatures(gate('get-me-chats', f), () => Promise.resolve(FAILED))(signal);
    expect(reads()).toBe(2);
    expect(outcome).toMatchObject({ ok: false, outcome: 'not_applicable', statusCode: 6, violations: [], startedAt: 5 });
    expect(outcome.error).toMatch(/^the target does not enable feature api-multimedia/);
  });

  it('a failed run whose feature is still listed fails as before; a run with no answer reads nothing more', async () => {
    const still = features([['api-multimedia']]);
    expect(await gateOnFeatures(gate('get-me-chats', still.f), () => Promise.resolve(FAILED))(signal)).toBe(FAILED);
    expect(still.reads()).toBe(2);
    const timedOut = result({ ok: false, outcome: 'timeout', statusCode: null, responded: false });
    const quiet = features([['api-multimedia'], []]);
    expect(await gateOnFeatures(gate('get-me-chats', quiet.f), () => Promise.resolve(timedOut))(signal)).toBe(timedOut);
    expect(quiet.reads()).toBe(1);
  });

  it('the state-change probe\'s failed run stands (it may have moved its agent); the read is for its next run', async () => {
    const { f, reads } = features([['api-multimedia'], []]);
    const failed = { ...FAILED, kind: 'state-change' as const };
    expect(await gateOnFeatures(gate('get-me-chats', f, 'state-change'), () => Promise.resolve(failed))(signal)).toBe(failed);
    expect(reads()).toBe(2);
    expect((await gateOnFeatures(gate('get-me-chats', f, 'state-change'), () => Promise.resolve(failed))(signal)).outcome).toBe('not_applicable');
  });
});

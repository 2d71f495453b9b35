import { describe, expect, it } from 'vitest';
import { orderPaths, orderPathsAmong } from './order.ts';

const SPECS = ['specs/security.spec.ts', 'specs/async.spec.ts', 'specs/catalog.spec.ts', 'specs/calls.spec.ts', 'specs/devices.spec.ts', 'specs/negative.spec.ts'];

describe('orderPaths', () => {
  it('stable: by path, whatever order the files came in', () => {
    expect(orderPaths(SPECS, { kind: 'stable' })).toEqual([...SPECS].sort());
    expect(orderPaths([...SPECS].reverse(), { kind: 'stable' })).toEqual([...SPECS].sort());
  });

  it('shuffled: one seed gives one order, whatever order the files came in; seeds give different orders', () => {
    const first = orderPaths(SPECS, { kind: 'shuffled', seed: 42 });
    expect(orderPaths([...SPECS].reverse(), { kind: 'shuffled', seed: 42 })).toEqual(first);
    expect([...first].sort()).toEqual([...SPECS].sort());
    const orders = new Set(Array.from({ length: 50 }, (_, seed) => orderPaths(SPECS, { kind: 'shuffled', seed }).join(' ')));
    expect(orders.size).toBeGreaterThan(30);
  });

  it('shuffled: every file comes first for some seed (no position is fixed)', () => {
    const firsts = new Set(Array.from({ length: 200 }, (_, seed) => orderPaths(SPECS, { kind: 'shuffled', seed })[0]));
    expect(firsts).toEqual(new Set(SPECS));
  });

  it('among every file: a selection keeps the places its files have in the order of all, stable or shuffled', () => {
    const chosen = ['specs/negative.spec.ts', 'specs/async.spec.ts', 'specs/devices.spec.ts'];
    for (const order of [{ kind: 'stable' } as const, ...[1, 2, 3, 42].map((seed) => ({ kind: 'shuffled', seed }) as const)]) {
      const whole = orderPaths(SPECS, order);
      expect(orderPathsAmong(chosen, order, SPECS)).toEqual(whole.filter((path) => chosen.includes(path)));
    }
    expect(orderPathsAmong(chosen, { kind: 'shuffled', seed: 7 }, [])).toEqual(orderPaths(chosen, { kind: 'shuffled', seed: 7 }));
  });
});

import { describe, expect, it } from 'vitest';
import { attributeLeftovers, createSyntheticCallMemory } from './call-cleanup.ts';
import { LATE_EFFECT_WINDOW_MS } from './unsettled.ts';

const call = (id: string) => ({ id, state: 'Established', numbers: ['15002'] });

describe('attributeLeftovers', () => {
  it('counts a call an unanswered Dial explains as late_call, once per Dial', () => {
    const memory = createSyntheticCallMemory();
    memory.dials.add('Dial', 1000);
    expect(attributeLeftovers(memory, [call('a'), call('b')], [call('a'), call('b')], 2000)).toEqual(['late_call']);
    expect(memory.dials.size).toBe(0);
  });

  it('does not count again a call a run left behind and counted, and forgets it once it is gone', () => {
    const memory = createSyntheticCallMemory();
    memory.leftBehind.add('a');
    memory.dials.add('Dial', 1000);
    expect(attributeLeftovers(memory, [call('a')], [call('a')], 2000)).toEqual([]);
    // The Dial still explains a call that comes later.
    expect(memory.dials.size).toBe(1);
    expect(attributeLeftovers(memory, [], [], 3000)).toEqual([]);
    expect(memory.leftBehind.size).toBe(0);
  });

  it('a Dial is blamed only until the first read a whole window after it', () => {
    const memory = createSyntheticCallMemory();
    memory.dials.add('Dial', 0);
    expect(attributeLeftovers(memory, [], [], LATE_EFFECT_WINDOW_MS)).toEqual([]);
    expect(attributeLeftovers(memory, [call('a')], [call('a')], LATE_EFFECT_WINDOW_MS + 1)).toEqual([]);
  });
});

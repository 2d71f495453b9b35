import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from './heap.ts';

describe('boundHeapGrowth', () => {
  it('leaves a growth the user gave on the command line or in NODE_OPTIONS alone', () => {
    expect(boundHeapGrowth(50, ['--heap-growing-percent=80'])).toBe(false);
    expect(boundHeapGrowth(50, ['--heap_growing_percent=80'])).toBe(false);
  });

  it('sets it otherwise', () => {
    expect(boundHeapGrowth(50, ['--max-old-space-size=224'])).toBe(true);
  });
});

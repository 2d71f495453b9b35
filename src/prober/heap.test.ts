import { describe, expect, it } from 'vitest';
import { tuneHeap } from './heap.ts';

describe('tuneHeap', () => {
  it('asks V8 for the heap-growth bound and for pretenuring off when the user gave neither', () => {
    expect(tuneHeap(50, ['--max-old-space-size=224'])).toEqual(['--heap-growing-percent=50', '--no-allocation-site-pretenuring']);
  });

  it('leaves a growth the user gave on the command line or in NODE_OPTIONS alone', () => {
    expect(tuneHeap(50, ['--heap-growing-percent=80'])).toEqual(['--no-allocation-site-pretenuring']);
    expect(tuneHeap(50, ['--heap_growing_percent=80'])).toEqual(['--no-allocation-site-pretenuring']);
  });

  it('leaves pretenuring alone when the user named it, on or off', () => {
    expect(tuneHeap(50, ['--allocation-site-pretenuring'])).toEqual(['--heap-growing-percent=50']);
    expect(tuneHeap(50, ['--no-allocation_site_pretenuring'])).toEqual(['--heap-growing-percent=50']);
  });
});

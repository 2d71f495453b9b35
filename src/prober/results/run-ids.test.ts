import { describe, expect, it } from 'vitest';
import { runIdOf, runIds } from './run-ids.ts';

describe('run ids', () => {
  it('are URL-safe, at most 24 characters, unique and read back to their sequence number', () => {
    const ids = runIds();
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i += 1) {
      const { id, seq } = ids.next();
      expect(id).toMatch(/^[a-z0-9-]{1,24}$/);
      expect(encodeURIComponent(id)).toBe(id);
      expect(ids.seqOf(id)).toBe(seq);
      expect(runIdOf(ids.tag, seq)).toBe(id);
      seen.add(id);
    }
    expect(seen.size).toBe(5000);
    // The longest a sequence number can be still fits.
    expect(runIdOf(ids.tag, Number.MAX_SAFE_INTEGER).length).toBeLessThanOrEqual(24);
  });

  it('do not read back an id of another process, one not given yet, or other text', () => {
    const ids = runIds('abc123');
    const { id } = ids.next();
    expect(id).toBe('abc123-1');
    expect(ids.seqOf('zzz999-1')).toBeUndefined();
    expect(ids.seqOf('abc123-2')).toBeUndefined();
    expect(ids.seqOf('abc123-0')).toBeUndefined();
    expect(ids.seqOf('abc123-1/../x')).toBeUndefined();
    expect(ids.seqOf('')).toBeUndefined();
    // Two processes draw different tags (a clash is one in 2 billion).
    expect(runIds().tag).not.toBe(runIds().tag);
  });
});

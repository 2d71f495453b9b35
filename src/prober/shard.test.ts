import { describe, expect, it } from 'vitest';
import { parseShard } from '../config/values.ts';
import { inShard, probeKey, stableHash } from './shard.ts';

describe('shards', () => {
  it('parses INDEX/COUNT and rejects anything else in one line', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['3/3', '1/0', '-1/2', 'a/b', '1', '1/2/3', '']) {
      expect(() => parseShard(bad)).toThrow(/--shard ".*" is not INDEX\/COUNT with 0 <= INDEX < COUNT/);
    }
  });

  it('hashes stably (FNV-1a 32 bit reference values)', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(stableHash('foobar')).toBe(0xbf9cf968);
  });

  it('gives every probe to exactly one of N shards, spread roughly evenly', () => {
    const keys = Array.from({ length: 600 }, (_, i) => probeKey(`gws-${i % 12}`, `probe-${i}`));
    for (const count of [1, 2, 3, 7]) {
      const sizes = Array.from({ length: count }, () => 0);
      for (const key of keys) {
        const owners = sizes.map((_, index) => inShard(key, { index, count })).filter(Boolean);
        expect(owners).toHaveLength(1);
        for (let index = 0; index < count; index += 1) if (inShard(key, { index, count })) sizes[index] = (sizes[index] ?? 0) + 1;
      }
      for (const size of sizes) expect(size).toBeGreaterThan(keys.length / count / 2);
    }
    expect(inShard('anything', undefined)).toBe(true);
  });

  it('keys keep target and probe apart', () => {
    expect(probeKey('a-b', 'c')).not.toBe(probeKey('a', 'b-c'));
  });
});

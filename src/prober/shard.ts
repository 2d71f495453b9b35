import type { Shard } from '../config/index.ts';


/**
 * FNV-1a (32 bit) of the UTF-8 bytes: stable across processes, machines and Node versions, so
 * every replica computes the same split without talking to the others.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The key a probe is sharded and spread by. */
export function probeKey(target: string, probe: string): string {
  return `${target}\u0000${probe}`;
}

export function inShard(key: string, shard: Shard | undefined): boolean {
  return shard === undefined || stableHash(key) % shard.count === shard.index;
}

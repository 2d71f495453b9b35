/** One replica's share of the probes: `--shard INDEX/COUNT`, 0 <= INDEX < COUNT. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `INDEX/COUNT`; throws an Error with a one-line message naming the bad value. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new Error(`--shard "${text}" is not INDEX/COUNT with 0 <= INDEX < COUNT (expected e.g. 0/3, 1/3, 2/3)`);
  }
  return Object.freeze({ index, count });
}

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

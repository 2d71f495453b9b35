import { randomBytes } from 'node:crypto';

/**
 * Run ids: this process's tag, a dash and the run's sequence number in base 36 (`k3f9q2-1a`).
 * The tag keeps an id that outlives the process (an exemplar kept by Prometheus, a link in an
 * alert) from naming another run after a restart.
 */
export interface RunIds {
  readonly tag: string;
  /** The next run's id and sequence number; sequence numbers start at 1. */
  next(): { readonly id: string; readonly seq: number };
  /** The sequence number of an id this process gave, or undefined for any other text. */
  seqOf(id: string): number | undefined;
}

const TAG_LENGTH = 6;
const ID = /^([a-z0-9]{6})-([a-z0-9]{1,11})$/;

function processTag(): string {
  // Base 36 of random bytes, padded: always TAG_LENGTH characters of [a-z0-9].
  return (randomBytes(5).readUIntBE(0, 5) % 36 ** TAG_LENGTH).toString(36).padStart(TAG_LENGTH, '0');
}

export function runIds(tag: string = processTag()): RunIds {
  if (!/^[a-z0-9]{6}$/.test(tag)) throw new Error(`run id tag "${tag}" is not ${TAG_LENGTH} characters of [a-z0-9]`);
  let last = 0;
  return {
    tag,
    next() {
      last += 1;
      return { id: `${tag}-${last.toString(36)}`, seq: last };
    },
    seqOf(id) {
      const match = ID.exec(id);
      if (match === null || match[1] !== tag) return undefined;
      const seq = parseInt(match[2] ?? '', 36);
      return Number.isSafeInteger(seq) && seq >= 1 && seq <= last ? seq : undefined;
    },
  };
}

/** The id of run `seq` under `tag`, as `next()` gave it. */
export function runIdOf(tag: string, seq: number): string {
  return `${tag}-${seq.toString(36)}`;
}

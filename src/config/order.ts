import { randomInt } from 'node:crypto';
import { parseWholeNumber } from './values.ts';

/**
 * The order the contracts run in: stable (spec files by path, the contracts of a file as written),
 * or shuffled by a seed that replays the same order.
 */
export type ContractOrder = { readonly kind: 'stable' } | { readonly kind: 'shuffled'; readonly seed: number };

export const STABLE_ORDER: ContractOrder = { kind: 'stable' };

/** The largest shuffle seed (a 32-bit whole number). */
const MAX_SHUFFLE_SEED = 2 ** 32 - 1;

/** `--shuffle` alone ('') draws a seed; `--shuffle SEED` replays one. */
export function parseOrder(shuffle: string | undefined): ContractOrder {
  if (shuffle === undefined) return STABLE_ORDER;
  if (shuffle === '') return { kind: 'shuffled', seed: randomInt(1, 2 ** 31) };
  return { kind: 'shuffled', seed: parseWholeNumber(shuffle, '--shuffle', 0, MAX_SHUFFLE_SEED) };
}

import { relative, sep } from 'node:path';
import { BaseSequencer, type TestSpecification, type Vitest } from 'vitest/node';
import type { ContractOrder } from '../../config/index.ts';

/** mulberry32: a small seeded generator, so that one seed gives one order on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The order in which spec files run: by path when stable; when shuffled, a Fisher-Yates shuffle of
 * that order driven by the seed, so the same seed and files give the same order.
 */
export function orderPaths(paths: readonly string[], order: ContractOrder): string[] {
  const sorted = [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (order.kind === 'stable') return sorted;
  const random = seededRandom(order.seed);
  for (let i = sorted.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j] as string, sorted[i] as string];
  }
  return sorted;
}

/**
 * The order of `paths` drawn over `among` too: each keeps its place in the order of all of them,
 * so that a seed gives the files of a selection the order they have in a run of every file.
 */
export function orderPathsAmong(paths: readonly string[], order: ContractOrder, among: readonly string[]): string[] {
  const chosen = new Set(paths);
  return orderPaths([...new Set([...among, ...paths])], order).filter((path) => chosen.has(path));
}

/**
 * A vitest sequencer that runs spec files in the order the gate chose, never in the order of
 * vitest's cache of earlier durations and failures (which changes with a machine's history). With
 * `project`, only that project's files are ordered so; the others keep vitest's own order. The
 * order is drawn over the files `among` (paths relative to the root) as well: see `orderPathsAmong`.
 */
export function sequencerFor(order: ContractOrder, project?: string, among: readonly string[] = []): new (ctx: Vitest) => BaseSequencer {
  return class ContractSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const base = await super.sort(files);
      const ours = (file: TestSpecification): boolean => project === undefined || file.project.name === project;
      const root = this.ctx.config.root;
      const byPath = new Map(base.filter(ours).map((file) => [relative(root, file.moduleId).split(sep).join('/'), file]));
      const ordered = orderPathsAmong([...byPath.keys()], order, among).map((path) => byPath.get(path) as TestSpecification);
      return base.map((file) => (ours(file) ? (ordered.shift() as TestSpecification) : file));
    }
  };
}

/**
 * The vitest `sequence` settings for an order (drawn over the files `among`, see `sequencerFor`):
 * files by the sequencer, contracts in a file shuffled by the same seed.
 */
export function sequenceSettings(order: ContractOrder, among: readonly string[] = []) {
  return order.kind === 'stable'
    ? { sequencer: sequencerFor(order, undefined, among) }
    : { sequencer: sequencerFor(order, undefined, among), shuffle: { files: false, tests: true }, seed: order.seed };
}

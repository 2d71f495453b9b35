import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GateRunContext } from '../context.ts';

/** A piece of a contract's name: text as written, or a run setting's value (`asyncDeadlineMs`, `target.baseUrl`). */
export type NamePart = string | { readonly setting: string };

/** One contract as collected at build time: its name as `--grep` sees it, and its tags. */
export interface IndexedContract {
  readonly name: readonly NamePart[];
  readonly tags: readonly string[];
}

/**
 * One spec file: the digest of its text when it was collected, and its contracts; null when they
 * could not be known for every run (collecting failed, or which contracts it defines, or their
 * names, depend on the run's settings in a way the index cannot spell out). Such a file always runs.
 */
export interface IndexedSpec {
  readonly file: string;
  readonly digest: string;
  readonly contracts: readonly IndexedContract[] | null;
}

/** Which contracts each spec file defines, so that a run loads only the files its selection needs. */
export interface SpecIndex {
  readonly layout: 1;
  readonly specs: readonly IndexedSpec[];
}

/** What a run selects: `--grep` and every `--tag`. */
export interface Selection {
  readonly grep?: string;
  readonly tags: readonly string[];
}

/** Where the spec files live, relative to the package root; vitest's `include` for all of them. */
export const SPECS_DIR = 'specs';
export const ALL_SPECS = `${SPECS_DIR}/**/*.spec.ts`;

/** Written by `npm run build` beside the compiled gate. */
export const SPEC_INDEX_FILE = fileURLToPath(new URL('../spec-index.json', import.meta.url));

/** A tag the way `--tag` takes it; anything else might be a vitest tag expression, which the index does not evaluate. */
const PLAIN_TAG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Characters that make a path a glob pattern rather than the file itself. */
const GLOB_CHARACTERS = /[*?[\]{}()!+@]/;

/** The spec files under `root`, relative with `/`, in path order. */
export function specFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.spec.ts')) found.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(join(root, SPECS_DIR));
  return found.sort();
}

/** The digest of a spec file's text. */
export function specDigest(root: string, file: string): string {
  return createHash('sha256').update(readFileSync(join(root, file))).digest('hex');
}

/**
 * The run's settings a contract name may show, by path (`asyncDeadlineMs`, `target.user.username`):
 * every string and number in the context, passwords left out.
 */
export function runSettings(context: GateRunContext): Map<string, string> {
  const settings = new Map<string, string>();
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string' || typeof value === 'number') settings.set(path, String(value));
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) if (key !== 'password') walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(context, '');
  return settings;
}

/** A contract's name for this run's settings; undefined when it shows a setting this run does not have. */
function nameFor(contract: IndexedContract, settings: ReadonlyMap<string, string>): string | undefined {
  let name = '';
  for (const part of contract.name) {
    const text = typeof part === 'string' ? part : settings.get(part.setting);
    if (text === undefined) return undefined;
    name += text;
  }
  return name;
}

/** Newest modification time of the compiled modules under `dir`, in ms. */
function newestModule(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestModule(path));
    else if (entry.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The index at `file` when it is at least as new as every compiled module under `builtDir`: the
 * contracts a spec defines come from those modules (the catalog, the kit), so an index older than
 * any of them may name contracts that are no longer there. Undefined when missing, stale or unreadable.
 */
export function readSpecIndex(file: string, builtDir: string): SpecIndex | undefined {
  try {
    if (statSync(file).mtimeMs < newestModule(builtDir)) return undefined;
    const index = JSON.parse(readFileSync(file, 'utf8')) as SpecIndex;
    return index.layout === 1 && Array.isArray(index.specs) ? index : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The spec files a run needs: those that may hold a contract the selection chooses, as vitest
 * chooses (the name matches `--grep` as a regular expression, and the contract carries every
 * `--tag`). A file the index does not know, whose text changed since, or whose contracts it could
 * not spell out is always needed. Undefined means every file: no selection, no index, a tag the
 * index cannot evaluate, or no file that matches (vitest then says that nothing was selected).
 */
export function specFilesFor(selection: Selection, context: GateRunContext, root: string, index: SpecIndex | undefined): string[] | undefined {
  if (index === undefined || (selection.grep === undefined && selection.tags.length === 0)) return undefined;
  if (!selection.tags.every((tag) => PLAIN_TAG.test(tag))) return undefined;
  const pattern = selection.grep === undefined ? undefined : new RegExp(selection.grep);
  const settings = runSettings(context);
  const known = new Map(index.specs.map((spec) => [spec.file, spec]));
  const chosen = (contract: IndexedContract): boolean => {
    const name = nameFor(contract, settings);
    if (name === undefined) return true;
    return (pattern === undefined || pattern.test(name)) && selection.tags.every((tag) => contract.tags.includes(tag));
  };
  const all = specFiles(root);
  const needed = all.filter((file) => {
    const spec = known.get(file);
    if (spec === undefined || spec.contracts === null || spec.digest !== specDigest(root, file)) return true;
    return spec.contracts.some(chosen);
  });
  if (needed.length === 0 || needed.length === all.length || needed.some((file) => GLOB_CHARACTERS.test(file))) return undefined;
  return needed;
}

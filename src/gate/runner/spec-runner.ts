import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'vitest/config';
import type { CliOptions, Reporter } from 'vitest/node';
import type { ContractOrder } from '../../config/index.ts';
import type { GateRunContext } from '../context.ts';
import { earlyThreadsPool, startEarlyWorker } from './early-worker.ts';
import { ALL_SPECS, SPEC_INDEX_FILE, readSpecIndex, specFiles, specFilesFor, type Selection } from './spec-index.ts';

/** The repository root: specs/ and the vitest settings live relative to it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCE_DIR = `${PACKAGE_ROOT}src/`;
const DIST_DIR = `${PACKAGE_ROOT}dist/`;
/** This module runs from the compiled dist/ (an install), not from the TypeScript sources (tests). */
const FROM_DIST = import.meta.url.endsWith('.js');

/** The settings vitest needs to run spec files the way this process runs: from dist/ or from src/. */
export interface SpecRunnerSettings {
  /** Retry back-off, as the same module instance the specs import (isolation is off). */
  readonly setupFiles: string[];
  readonly server?: { deps: { external: RegExp[] } };
  readonly plugins: Plugin[];
}

/**
 * From an install, a spec's import of `../src/x.ts` loads the compiled `dist/x.js` natively (vite's
 * resolver maps it, `server.deps.external` keeps vite's transform away), so only the spec files are
 * transformed at run time. From the sources, as the tests run, everything goes through vite.
 */
export function specRunnerSettings(): SpecRunnerSettings {
  if (!FROM_DIST) return { setupFiles: [`${SOURCE_DIR}gate/kit/attempts.ts`], plugins: [] };
  const toDist: Plugin = {
    name: 'gwscheck-specs-use-dist',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer === undefined || !source.startsWith('.') || !source.endsWith('.ts')) return null;
      const target = resolve(dirname(importer), source);
      return target.startsWith(SOURCE_DIR) ? `${DIST_DIR}${target.slice(SOURCE_DIR.length, -'.ts'.length)}.js` : null;
    },
  };
  return {
    setupFiles: [`${DIST_DIR}gate/kit/attempts.js`],
    server: { deps: { external: [new RegExp(`^${DIST_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)] } },
    plugins: [toDist],
  };
}

/** vitest's node API and the gate's file order (a vitest sequencer): a fifth of a second to load. */
function vitestModules() {
  return Promise.all([import('vitest/node'), import('./order.ts')]);
}

/**
 * Starts loading vitest, and vitest's worker thread with the gate's kit on the other core, so that
 * both overlap what a run does before its first contract.
 */
export function preloadSpecRunner(): void {
  startEarlyWorker(FROM_DIST ? [pathToFileURL(`${DIST_DIR}gate/kit/index.js`).href] : []);
  vitestModules().catch(() => undefined);
}

/** One run of the contract specs. */
export interface SpecRun {
  readonly selection: Selection;
  readonly order: ContractOrder;
  /** Reruns of a failed contract. */
  readonly retries: number;
  /** How long one contract (and one hook) may take. */
  readonly timeoutMs: number;
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly reporters: Reporter[];
}

/**
 * The spec files a run loads: from an install, only those the build's spec index says may hold a
 * selected contract (a spec file takes time to load even when none of its contracts runs); from
 * the sources, whose contracts the index was not made from, all of them. Undefined means all.
 */
function includedSpecs(run: SpecRun, context: GateRunContext): string[] | undefined {
  if (!FROM_DIST) return undefined;
  try {
    return specFilesFor(run.selection, context, PACKAGE_ROOT, readSpecIndex(SPEC_INDEX_FILE, DIST_DIR));
  } catch {
    // An index that is not what the build writes only costs the run its shortcut.
    return undefined;
  }
}

/**
 * Has vite transform the setup and spec files (vitest runs them through vite, even from dist/) on
 * this thread as soon as its server exists, while the worker thread starts: otherwise the worker
 * asks for each file in turn and waits for its transform.
 */
function transformAhead(paths: readonly string[]): Plugin {
  return {
    name: 'gwscheck-specs-transformed-ahead',
    configureServer(server) {
      for (const path of paths) void server.environments['ssr']?.warmupRequest(path);
    },
  };
}

/** What vitest and vite print: the gate reports through its own reporters instead. */
export function silentStreams(): { stdout: Writable; stderr: Writable } {
  const devNull = (): Writable => new Writable({ write: (_chunk, _encoding, callback) => callback() });
  return { stdout: devNull(), stderr: devNull() };
}

/**
 * The vitest settings of every pass over the spec files, a run and the build's collecting for the
 * spec index alike, so that the index names the contracts a run finds: where the specs are, how
 * they load, which contracts the selection chooses, and that one worker thread runs them. The
 * caller gives vite `settings.plugins` beside them, from the same settings.
 */
export function specVitestOptions(
  settings: SpecRunnerSettings,
  root: string,
  include: readonly string[],
  context: GateRunContext,
  selection: Selection,
  tags: SpecRun['tags'],
): CliOptions {
  return {
    config: false,
    root,
    include: [...include],
    setupFiles: settings.setupFiles,
    watch: false,
    provide: { gate: context },
    tags: tags.map((tag) => ({ ...tag })),
    strictTags: false,
    ...(selection.tags.length > 0 ? { tagsFilter: [...selection.tags] } : {}),
    ...(selection.grep !== undefined ? { testNamePattern: selection.grep } : {}),
    // Contracts share one agent: they run one file and one contract at a time.
    fileParallelism: false,
    // One worker keeps the compiled schemas and sessions for every file; a worker thread starts
    // faster than a forked process.
    isolate: false,
    pool: 'threads',
    maxWorkers: 1,
    passWithNoTests: true,
    silent: true,
    ...(settings.server !== undefined ? { server: settings.server } : {}),
  };
}

/** Runs the selected specs in one vitest worker thread, in this process, and closes vitest (its worker with it). */
export async function runSpecFiles(context: GateRunContext, run: SpecRun): Promise<void> {
  const [{ startVitest }, { sequenceSettings }] = await vitestModules();
  const settings = specRunnerSettings();
  const all = specFiles(PACKAGE_ROOT);
  const included = includedSpecs(run, context);
  const vitest = await startVitest(
    'test',
    [],
    {
      ...specVitestOptions(settings, PACKAGE_ROOT, included ?? [ALL_SPECS], context, run.selection, run.tags),
      // A rerun repeats the whole contract, its state restoring included; attempts.ts backs off.
      retry: run.retries,
      // vitest's cache of earlier results serves only its own file order, which the gate replaces;
      // reading and writing it is a few hundredths of a second of every run.
      cache: false,
      pool: earlyThreadsPool(),
      reporters: run.reporters,
      // The order the gate chose over every spec file (never vitest's cache of earlier runs, which
      // differs from machine to machine), whichever of them this run loads.
      sequence: sequenceSettings(run.order, all),
      testTimeout: run.timeoutMs,
      hookTimeout: run.timeoutMs,
    },
    { logLevel: 'silent', clearScreen: false, plugins: [...settings.plugins, transformAhead([...settings.setupFiles, ...(included ?? all).map((file) => join(PACKAGE_ROOT, file))])] },
    silentStreams(),
  );
  await vitest.close();
}

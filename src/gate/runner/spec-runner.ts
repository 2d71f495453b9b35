import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';

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

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BuildInfo } from '../prober/index.ts';

/** src/cli/ and dist/cli/ both sit two levels below the package root. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A label value that stays short and plain, whatever the environment holds. */
const REVISION = /^[0-9A-Za-z._-]{1,64}$/;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * The source revision: GWSCHECK_REVISION when set (an image build passes it in, as it has no
 * .git), else the short commit of the checkout gwscheck runs from, else "unknown". Never fails:
 * a missing git, a shallow or broken checkout all give "unknown".
 */
export function sourceRevision(env: Readonly<Record<string, string | undefined>> = process.env, root = PACKAGE_ROOT): string {
  const given = env.GWSCHECK_REVISION;
  if (given !== undefined && given !== '') return REVISION.test(given) ? given : 'unknown';
  if (!existsSync(`${root}.git`)) return 'unknown';
  try {
    const out = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return REVISION.test(out) ? out : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** What gwscheck_build_info says about this process. */
export function buildInfo(env: Readonly<Record<string, string | undefined>> = process.env): BuildInfo {
  return { version: packageVersion(), revision: sourceRevision(env), node: process.versions.node };
}

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEPLOY_DIR = `${REPO_ROOT}deploy/`;

let probeHelp: string | undefined;

/** The long flags of an argument list that `gwscheck probe --help` does not list. */
export function unknownProbeFlags(args: readonly string[]): string[] {
  probeHelp ??= spawnSync(process.execPath, [`${REPO_ROOT}bin/gwscheck.js`, 'probe', '--help'], { encoding: 'utf8' }).stdout;
  const known = new Set([...probeHelp.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]));
  if (known.size < 5) throw new Error(`gwscheck probe --help listed no flags:\n${probeHelp}`);
  return args.filter((arg) => arg.startsWith('--') && !known.has(arg.split('=')[0] ?? arg));
}

/** The value after `flag` in an argument list. */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at === -1 ? undefined : args[at + 1];
}

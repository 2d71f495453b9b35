import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './errors.ts';
import type { Credentials, Environment } from './gate.ts';

/** A username with where its password comes from, as a config file gives it. */
export interface CredentialSource {
  readonly username?: string;
  readonly passwordEnv?: string;
  readonly passwordFile?: string;
}

function codeOf(error: unknown, fallback: string): string {
  return (error as NodeJS.ErrnoException).code ?? fallback;
}

/** A file holding a password. A trailing newline is an editor artefact, never part of the password. */
export function readPasswordFile(path: string, key: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(`${key} "${path}" cannot be read (${codeOf(error, 'unreadable')}); expected a file holding the password`);
  }
}

/**
 * Makes sure `dir` is a directory this process can write, creating missing levels one at a time.
 * A recursive mkdir loops for ever on some pseudo file systems (`/proc/x`), so every level is a
 * single mkdir call that either works or names its error code. Returns the code of the failure.
 */
function writableDirectoryCode(dir: string): string | undefined {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      if (!statSync(current).isDirectory()) return 'ENOTDIR';
      break;
    } catch (error) {
      const code = codeOf(error, 'unreadable');
      if (code !== 'ENOENT') return code;
      const parent = dirname(current);
      if (parent === current) return code;
      missing.unshift(current);
      current = parent;
    }
  }
  try {
    accessSync(current, constants.W_OK);
    for (const level of missing) makeDirectory(level);
    if (missing.length > 0) accessSync(resolve(dir), constants.W_OK);
    return undefined;
  } catch (error) {
    return codeOf(error, 'unwritable');
  }
}

/**
 * mkdir that accepts a directory another process made at the same moment (two runs given the same
 * --reports). Not `recursive: true`: Node's recursive mkdir never returns under /proc.
 */
function makeDirectory(path: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    if (codeOf(error, '') !== 'EEXIST' || !statSync(path).isDirectory()) throw error;
  }
}

/** Checked before any work starts: a report that cannot be written must not end a whole run. */
export function checkReportsDirectory(dir: string, key: string): string {
  const code = writableDirectoryCode(dir);
  if (code !== undefined) {
    throw new ConfigError(`${key} "${dir}" is not a writable directory (${code}); expected a directory for the report files`);
  }
  return dir;
}

/** A file to be written later: its directory must exist, and it must not be a directory itself. */
export function checkOutputFile(path: string, key: string): string {
  const dir = dirname(path);
  let dirIsDirectory = false;
  try {
    dirIsDirectory = path !== '' && statSync(dir).isDirectory();
  } catch {
    dirIsDirectory = false;
  }
  if (!dirIsDirectory) {
    throw new ConfigError(`${key} "${path}": directory "${dir}" does not exist (expected a file path in an existing directory)`);
  }
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (isDirectory) throw new ConfigError(`${key} "${path}" is a directory (expected a file path)`);
  return path;
}

/** The password from the variable or file a config names; an empty one is a valid password. */
function readPassword(raw: CredentialSource, key: string, env: Environment): string {
  if (raw.passwordEnv !== undefined && raw.passwordFile !== undefined) {
    throw new ConfigError(`${key} sets both passwordEnv and passwordFile (expected one of them)`);
  }
  if (raw.passwordEnv !== undefined) {
    const value = env[raw.passwordEnv];
    if (value === undefined) {
      throw new ConfigError(`${key}.passwordEnv "${raw.passwordEnv}" names an environment variable that is not set (expected it to hold the password; set it empty for an empty password)`);
    }
    return value;
  }
  if (raw.passwordFile !== undefined) return readPasswordFile(raw.passwordFile, `${key}.passwordFile`);
  throw new ConfigError(`${key} has a username but no password source (expected passwordEnv or passwordFile; an empty file or variable means an empty password)`);
}

/** A username and its password source from a config file; undefined when no username is set. */
export function credentials(raw: CredentialSource | undefined, key: string, env: Environment): Credentials | undefined {
  if (raw?.username === undefined) {
    if (raw?.passwordEnv !== undefined || raw?.passwordFile !== undefined) {
      throw new ConfigError(`${key}.username is missing but a password source is set (expected both, or neither)`);
    }
    return undefined;
  }
  return Object.freeze({ username: raw.username, password: readPassword(raw, key, env) });
}

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The programs the integration tests run, and the Debian package that brings each. A program is
 * taken from PATH first; failing that, from the tool cache that `npm test` fills with
 * `apt-get download` + `dpkg-deb -x` when it cannot install as root.
 */
export const TOOL_PACKAGES = {
  prometheus: 'prometheus',
  promtool: 'prometheus',
  'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
  chromium: 'chromium',
  curl: 'curl',
  'systemd-analyze': 'systemd',
} as const;
export type ToolName = keyof typeof TOOL_PACKAGES;
export const TOOL_NAMES = Object.keys(TOOL_PACKAGES) as ToolName[];

export const TOOL_CACHE = fileURLToPath(new URL('../node_modules/.cache/gwscheck-tools/', import.meta.url));

/**
 * Where an extracted package keeps the program. Debian's /usr/bin/chromium is a launcher script
 * with /usr/lib/chromium hard-coded, so from the cache the browser binary itself is used.
 */
const CACHE_LOCATIONS: Record<ToolName, readonly string[]> = {
  prometheus: ['usr/bin/prometheus'],
  promtool: ['usr/bin/promtool'],
  'prometheus-blackbox-exporter': ['usr/bin/prometheus-blackbox-exporter'],
  chromium: ['usr/lib/chromium/chromium'],
  curl: ['usr/bin/curl'],
  'systemd-analyze': ['usr/bin/systemd-analyze'],
};

export interface ToolLookup {
  /** The search path, as in $PATH (default: this process' PATH). */
  readonly path?: string;
  /** The tool cache (default: node_modules/.cache/gwscheck-tools). */
  readonly cacheDir?: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program's absolute path: the first on PATH, else the tool cache's; undefined when neither has it. */
export function findTool(name: ToolName, lookup: ToolLookup = {}): string | undefined {
  const dirs = (lookup.path ?? process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  const onPath = dirs.map((dir) => join(dir, name)).find(isExecutable);
  if (onPath !== undefined) return onPath;
  const cacheDir = lookup.cacheDir ?? TOOL_CACHE;
  return CACHE_LOCATIONS[name].map((relative) => join(cacheDir, relative)).find(isExecutable);
}

/** The programs of `names` that neither PATH nor the cache has. */
export function missingTools(names: readonly ToolName[] = TOOL_NAMES, lookup: ToolLookup = {}): ToolName[] {
  return names.filter((name) => findTool(name, lookup) === undefined);
}

/** The path to run; the bare name when the program is missing, so that spawning it fails with ENOENT naming it. */
function toolPath(name: ToolName): string {
  return findTool(name) ?? name;
}

export const PROMETHEUS_BIN = toolPath('prometheus');
export const PROMTOOL_BIN = toolPath('promtool');
export const BLACKBOX_EXPORTER_BIN = toolPath('prometheus-blackbox-exporter');
export const CHROMIUM_BIN = toolPath('chromium');
export const CURL_BIN = toolPath('curl');
export const SYSTEMD_ANALYZE_BIN = toolPath('systemd-analyze');

/**
 * The environment to run `program` in: for a program from the cache, the cache's libraries first
 * on LD_LIBRARY_PATH, since some need libraries this machine lacks (chromium, systemd-analyze's
 * libsystemd-shared; the Prometheus tools and curl need nothing but libc). Otherwise this
 * process' environment.
 */
export function toolEnv(program: string, cacheDir = TOOL_CACHE): NodeJS.ProcessEnv {
  if (!program.startsWith(cacheDir)) return process.env;
  const libs = ['x86_64-linux-gnu', 'aarch64-linux-gnu']
    .flatMap((arch) => [`usr/lib/${arch}/systemd`, `usr/lib/${arch}`, `lib/${arch}`])
    .concat('usr/lib/chromium')
    .map((dir) => join(cacheDir, dir))
    .filter((dir) => existsSync(dir));
  if (libs.length === 0) return process.env;
  const current = process.env['LD_LIBRARY_PATH'];
  return { ...process.env, LD_LIBRARY_PATH: [...libs, ...(current === undefined || current === '' ? [] : [current])].join(delimiter) };
}

export interface CommandOutcome {
  readonly status: number;
  readonly output: string;
}
export type CommandRunner = (command: string, args: readonly string[], cwd?: string) => CommandOutcome;

const runQuietly: CommandRunner = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error !== undefined ? result.error.message : ''}`;
  return { status: result.status ?? 1, output };
};

export interface ProvideOptions {
  readonly names?: readonly ToolName[];
  /** Install system-wide with apt-get (needs root); otherwise download and unpack into the cache. */
  readonly asRoot: boolean;
  readonly lookup?: ToolLookup;
  readonly run?: CommandRunner;
}

export type ProvideResult =
  | { readonly kind: 'present' }
  | { readonly kind: 'installed' | 'unpacked'; readonly tools: readonly ToolName[]; readonly packages: readonly string[] };

class ToolInstallError extends Error {
  override readonly name = 'ToolInstallError';
}

function check(run: CommandRunner, command: string, args: readonly string[], cwd?: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    const tail = result.output.trim().split('\n').slice(-5).join(' | ');
    throw new ToolInstallError(`${command} ${args.join(' ')} failed (exit ${result.status}): ${tail}`);
  }
  return result.output;
}

function assertFound(names: readonly ToolName[], lookup: ToolLookup, done: string): void {
  const stillMissing = missingTools(names, lookup);
  if (stillMissing.length > 0) throw new ToolInstallError(`${done}, but ${stillMissing.join(', ')} is still not found`);
}

/**
 * Makes every tool of `names` available: as root through `apt-get update` and `apt-get install`;
 * otherwise with a private package list, `apt-get download` of the packages and of whichever of
 * their dependencies this machine lacks (what `apt-get -s install` would install), and
 * `dpkg-deb -x` of each into the cache. Throws a ToolInstallError naming the failed command.
 */
export function provideTools(options: ProvideOptions): ProvideResult {
  const lookup = options.lookup ?? {};
  const run = options.run ?? runQuietly;
  const missing = missingTools(options.names ?? TOOL_NAMES, lookup);
  if (missing.length === 0) return { kind: 'present' };
  const packages = [...new Set(missing.map((name) => TOOL_PACKAGES[name]))];
  if (options.asRoot) {
    check(run, 'apt-get', ['update', '-qq']);
    check(run, 'apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
    assertFound(missing, lookup, `installed ${packages.join(', ')}`);
    return { kind: 'installed', tools: missing, packages };
  }
  const cacheDir = lookup.cacheDir ?? TOOL_CACHE;
  const apt = join(cacheDir, 'apt');
  const debs = join(cacheDir, 'debs');
  mkdirSync(join(apt, 'lists', 'partial'), { recursive: true });
  mkdirSync(join(apt, 'cache', 'archives', 'partial'), { recursive: true });
  rmSync(debs, { recursive: true, force: true });
  mkdirSync(debs, { recursive: true });
  // A private package list and cache: without root, apt can write neither /var/lib/apt nor /var/cache/apt.
  const aptOptions = ['-o', `Dir::State::Lists=${join(apt, 'lists')}`, '-o', `Dir::Cache=${join(apt, 'cache')}`, '-o', 'Debug::NoLocking=1'];
  check(run, 'apt-get', [...aptOptions, 'update', '-qq']);
  const plan = check(run, 'apt-get', [...aptOptions, '-s', 'install', '--no-install-recommends', ...packages]);
  const needed = [...plan.matchAll(/^Inst (\S+)/gm)].map((match) => match[1] as string);
  check(run, 'apt-get', [...aptOptions, 'download', ...new Set([...packages, ...needed])], debs);
  for (const deb of readdirSync(debs).filter((file) => file.endsWith('.deb'))) {
    check(run, 'dpkg-deb', ['-x', join(debs, deb), cacheDir]);
  }
  assertFound(missing, lookup, `unpacked ${packages.join(', ')} into ${cacheDir}`);
  return { kind: 'unpacked', tools: missing, packages };
}

import { isatty } from 'node:tty';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';

/**
 * vitest starts its worker thread only once its own modules and vite's server are up, and the
 * worker then loads vitest's runtime and the gate's modules: one thread waits for the other. The
 * gate starts the same worker as soon as a run is asked for, on the second core, and hands it to
 * vitest through a pool of its own, which takes it only when it is exactly the worker vitest
 * would start (same entry, environment and Node.js flags); otherwise it starts vitest's own.
 */
const EARLY_POOL_NAME = 'gwscheck-threads';

/** vitest's dist/ folder, as vitest itself passes it to a pool (`PoolOptions.distPath`). */
function vitestDist(): string {
  return dirname(fileURLToPath(import.meta.resolve('vitest/node')));
}

/** The thread entry vitest's own `threads` pool starts. */
function threadsEntry(distPath: string): string {
  return join(distPath, 'workers', 'threads.js');
}

/** vite's mode, as vitest derives it from NODE_ENV. */
function isProduction(): boolean {
  return (process.env['NODE_ENV'] || 'test') === 'production';
}

/** What vitest gives its workers (its `resolveOptions`, a run's project env): kept equal to it by a test. */
function expectedWorkerEnv(): Record<string, string | undefined> {
  const production = isProduction();
  return {
    ...process.env,
    TEST: 'true',
    VITEST: 'true',
    NODE_ENV: process.env['NODE_ENV'] || 'test',
    VITEST_MODE: 'RUN',
    FORCE_TTY: isatty(1) ? 'true' : '',
    // vite's import.meta.env, which vitest passes on to its workers' environment.
    BASE_URL: '/',
    MODE: 'test',
    DEV: production ? '' : '1',
    PROD: production ? '1' : '',
  };
}

/** The Node.js flags vitest gives its workers: profiling flags of this process, its own, vite's SSR conditions. */
function expectedWorkerExecArgv(distPath: string): string[] {
  return [
    ...process.execArgv.filter((arg) => arg.startsWith('--cpu-prof') || arg.startsWith('--heap-prof') || arg.startsWith('--diagnostic-dir')),
    '--experimental-import-meta-resolve',
    '--require',
    join(dirname(distPath), 'suppress-warnings.cjs'),
    '--conditions',
    'node',
    '--conditions',
    isProduction() ? 'production' : 'development',
  ];
}

/**
 * vitest's thread entry, then the modules the specs import. A module that fails to load here fails
 * again, with its error reported, when a spec imports it.
 */
const EARLY_ENTRY = `
const { workerData } = require('node:worker_threads');
import(workerData.entry).then(async () => {
  for (const url of workerData.preload) await import(url).catch(() => undefined);
});
`;

interface EarlyWorker {
  readonly thread: Worker;
  readonly entry: string;
  readonly env: Record<string, string | undefined>;
  readonly execArgv: readonly string[];
}

let early: EarlyWorker | undefined;
/** Why the last run's pool started a worker of its own, for the tests; undefined when it took the early one. */
let lastRefusal: string | undefined;

/**
 * Starts vitest's worker thread now, loading `preload` (module URLs the specs import) beside
 * vitest's runtime. Does nothing when one is already waiting.
 */
export function startEarlyWorker(preload: readonly string[] = []): void {
  if (early !== undefined) return;
  const distPath = vitestDist();
  const entry = threadsEntry(distPath);
  const env = expectedWorkerEnv();
  const execArgv = expectedWorkerExecArgv(distPath);
  const thread = new Worker(EARLY_ENTRY, {
    eval: true,
    env,
    execArgv,
    stdout: true,
    stderr: true,
    workerData: { entry: pathToFileURL(entry).href, preload: [...preload] },
  });
  // An early worker no run takes (a usage error, an unreachable server) must not keep the process alive.
  thread.unref();
  thread.on('error', () => undefined);
  early = { thread, entry, env, execArgv };
}

/** Stops an early worker no run took. */
export async function discardEarlyWorker(): Promise<void> {
  const waiting = early;
  early = undefined;
  if (waiting !== undefined) await waiting.thread.terminate();
}

function envDifference(a: Readonly<Record<string, string | undefined>>, b: Readonly<Record<string, string | undefined>>): string | undefined {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return `environment variable ${key} differs`;
  return undefined;
}

/** Why `waiting` is not the worker vitest asks for with `entry` and `options`; undefined when it is. */
function refusalOf(waiting: EarlyWorker, entry: string, options: PoolOptions): string | undefined {
  // Node sets a thread's id to -1 once it has stopped running, before its 'exit' event.
  if (waiting.thread.threadId === -1) return 'the early worker had ended';
  if (waiting.entry !== entry) return `vitest's worker entry is ${entry}, not ${waiting.entry}`;
  const [asked, given] = [options.execArgv.join(' '), waiting.execArgv.join(' ')];
  if (given !== asked) return `vitest's worker flags are "${asked}", not "${given}"`;
  return envDifference(waiting.env, options.env);
}

/** The early worker when it is what `options` asks for; otherwise undefined, and the early one stopped. */
function takeEarlyWorker(entry: string, options: PoolOptions): Worker | undefined {
  const waiting = early;
  early = undefined;
  lastRefusal = waiting === undefined ? 'no early worker was started' : refusalOf(waiting, entry, options);
  if (waiting === undefined) return undefined;
  if (lastRefusal !== undefined) {
    void waiting.thread.terminate();
    return undefined;
  }
  waiting.thread.ref();
  waiting.thread.removeAllListeners('error');
  return waiting.thread;
}

/** Why the last pool worker did not take the early worker; undefined when it took it. */
export function earlyWorkerRefusal(): string | undefined {
  return lastRefusal;
}

/** vitest's `threads` pool worker, starting from the early worker when it fits. */
class EarlyThreadsPoolWorker implements PoolWorker {
  readonly name = EARLY_POOL_NAME;
  private thread: Worker | undefined;
  private readonly entry: string;

  constructor(private readonly options: PoolOptions) {
    this.entry = threadsEntry(options.distPath);
  }

  on(event: string, callback: (arg: unknown) => void): void {
    this.started().on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void): void {
    this.started().off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.started().postMessage(message);
  }

  start(): Promise<void> {
    if (this.thread !== undefined) return Promise.resolve();
    this.thread =
      takeEarlyWorker(this.entry, this.options) ??
      new Worker(this.entry, { env: this.options.env, execArgv: this.options.execArgv, stdout: true, stderr: true });
    const { outputStream, errorStream } = this.options.project.vitest.logger;
    this.thread.stdout.pipe(outputStream);
    this.thread.stderr.pipe(errorStream);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    if (thread === undefined) return;
    await thread.terminate();
    thread.stdout.unpipe(this.options.project.vitest.logger.outputStream);
    thread.stderr.unpipe(this.options.project.vitest.logger.errorStream);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  private started(): Worker {
    if (this.thread === undefined) throw new Error('the gate worker thread is not running');
    return this.thread;
  }
}

/** The pool a gate run gives vitest. */
export function earlyThreadsPool(): PoolRunnerInitializer {
  return { name: EARLY_POOL_NAME, createPoolWorker: (options) => new EarlyThreadsPoolWorker(options) };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Tool {
  readonly name: string;
  readonly pid: number;
  /** The line that announced readiness, matched by `readyLine`. */
  readonly readyMatch: RegExpExecArray;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a request over the IPC channel (workers only) and resolves with the worker's reply. */
  ask<T>(request: WorkerRequest, timeoutMs?: number): Promise<T>;
}

export interface WorkerRequest {
  readonly type: string;
}

export interface SpawnToolOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** A line on stdout or stderr matching this means the tool is ready. */
  readonly readyLine: RegExp;
  readonly readyTimeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Open an IPC channel (for the bench's own worker processes). */
  readonly ipc?: boolean;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Children still running; killed if the bench itself exits early, so none outlives it. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts a measured tool in its own process so the OS accounts its CPU and memory separately. */
export function spawnTool(options: SpawnToolOptions): Promise<Tool> {
  const child = spawn(options.command, [...options.args], {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let tail = '';
  const keepTail = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stderr?.on('data', keepTail);
  const stop = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = waitForExit(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const ask = <T>(request: WorkerRequest, timeoutMs = 30_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.connected) {
        reject(new Error(`${options.name}: no IPC channel`));
        return;
      }
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`${options.name}: no answer to "${request.type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: unknown): void => {
        const reply = message as { type?: string; error?: string; value?: T };
        if (reply.type !== request.type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        if (reply.error !== undefined) reject(new Error(`${options.name}: ${reply.error}`));
        else resolve(reply.value as T);
      };
      child.on('message', onMessage);
      child.send(request);
    });
  return new Promise<Tool>((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop(500).then(() => reject(new Error(`${options.name}: ${message}${tail ? `\n${tail.trim()}` : ''}`)));
    };
    const onData = (chunk: Buffer): void => {
      if (settled) return;
      buffered = (buffered + chunk.toString('utf8')).slice(-8000);
      const match = options.readyLine.exec(buffered);
      if (match === null || child.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      const pid = child.pid;
      resolve({ name: options.name, pid, readyMatch: match, stop, ask });
    };
    const timer = setTimeout(() => fail(`not ready within ${options.readyTimeoutMs} ms`), options.readyTimeoutMs);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => fail(`could not start ${options.command}: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code ?? 'none'}, signal ${signal ?? 'none'})`));
  });
}

/** A free TCP port on 127.0.0.1 (bound and released; the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn to exit: the whole run as a user or a CI job sees it, start-up included. */
  readonly wallMs: number;
}

/** Runs a command to its end (bounded by `timeoutMs`, then killed) and times it. */
export function runToExit(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, [...args], { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString('utf8')).slice(-20_000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      live.delete(child);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      const wallMs = performance.now() - started;
      if (signal === 'SIGKILL') reject(new Error(`${command} ${args[0] ?? ''} did not finish within ${options.timeoutMs} ms`));
      else resolve({ code, stdout, stderr, wallMs });
    });
  });
}

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The command a user runs. */
const BIN = fileURLToPath(new URL('../../bin/gwscheck.js', import.meta.url));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Starts `gwscheck` as a user would, with the caller's GWS_* and colour settings removed (each test
 * sets its own). `detached` makes it the leader of its own process group, as a shell does for a job.
 */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, detached = false): ChildProcessWithoutNullStreams {
  const inherited = new Set(['GITHUB_STEP_SUMMARY', 'FORCE_COLOR', 'NO_COLOR']);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_') && !inherited.has(k)));
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...clean, ...env }, detached });
}

/** Collects a started command's output until it exits. */
export function completion(child: ChildProcessWithoutNullStreams): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `gwscheck` as a user would, without blocking this process (a simulator may live in it). */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return completion(spawnCli(args, env));
}

/** Runs jobs with at most `limit` at a time (the machine has two cores). */
export async function inPool<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

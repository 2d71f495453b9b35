import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTool, type Tool } from './child.ts';
import { REPO_ROOT, workerArgs } from './tools.ts';

/**
 * A bench worker started with its spec in a file (`@FILE`, which workerSpec() reads): a spec of
 * 10,000 probes is over the kernel's argument limit. The file goes once the worker is ready.
 */
export async function startWorkerWithSpecFile(name: string, worker: string, spec: unknown, nodeFlags: readonly string[] = []): Promise<Tool> {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-bench-'));
  const file = join(dir, `${worker}-spec.json`);
  writeFileSync(file, JSON.stringify(spec));
  try {
    return await spawnTool({
      name,
      command: process.execPath,
      args: [...nodeFlags, ...workerArgs(worker, `@${file}`)],
      readyLine: /^READY (.*)$/m,
      // The floor's first round of 10,000 probes, 64 at a time, comes before its READY.
      readyTimeoutMs: 60_000,
      cwd: REPO_ROOT,
      ipc: true,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

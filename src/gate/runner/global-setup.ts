import type { TestProject } from 'vitest/node';
import { loadGateConfig } from '../../config/index.ts';
import type { GateRunContext } from '../context.ts';
import { startEmbeddedTarget } from './embedded.ts';

/**
 * globalSetup of the `contract` vitest project (`npx vitest run --project contract`): the target
 * comes from GWS_* like the command's, else an embedded simulator runs for the duration.
 * `gwscheck contract` does not use this file; it provides the same context itself.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadGateConfig();
  const embedded = config.target === undefined ? await startEmbeddedTarget() : undefined;
  const context: GateRunContext = {
    target: config.target ?? embedded!.target,
    timeoutMs: config.timeoutMs,
    httpStatusStrict: config.httpStatusStrict,
    asyncDeadlineMs: config.asyncDeadlineMs,
    ...(config.latencyBudgetMs !== undefined ? { latencyBudgetMs: config.latencyBudgetMs } : {}),
  };
  project.provide('gate', context);
  return async () => {
    await embedded?.close();
  };
}

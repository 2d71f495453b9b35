import { defineConfig } from 'vitest/config';
import { sequencerFor } from './src/gate/runner/order.ts';

export default defineConfig({
  test: {
    // The contract specs run in the gate's stable order, as `gwscheck contract` runs them.
    sequence: { sequencer: sequencerFor({ kind: 'stable' }, 'contract') },
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'contract',
          include: ['specs/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['src/gate/runner/global-setup.ts'],
          // Contracts share one agent: one file and one contract at a time, in one worker thread
          // that keeps the compiled schemas (as `gwscheck contract` runs them).
          fileParallelism: false,
          pool: 'threads',
          isolate: false,
          strictTags: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

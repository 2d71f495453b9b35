// Positive contracts: every catalog entry, sent as its example with its own identity, answers per its schema.
import { test } from 'vitest';
import type { Operation } from '../src/contracts/index.ts';
import { LOGGED_OUT, NO_ADMIN_REASON, moveAgentTo, sendExample, useGate, withAgentRestored } from '../src/gate/kit.ts';

const gate = useGate();

function tagsOf(operation: Operation): string[] {
  return ['positive', ...operation.tags];
}

for (const operation of gate.contracts.catalog) {
  test(`${operation.id}: answers ${operation.method} ${operation.path} as the catalog says`, { tags: tagsOf(operation) }, async ({ task, skip }) => {
    const session = gate.sessionFor(operation.identity);
    if (session === undefined) return skip(NO_ADMIN_REASON);
    const call = async (): Promise<void> => {
      const exchange = await sendExample(gate, operation, session);
      gate.expect(task, operation, exchange, { request: operation.example });
    };
    if (operation.readOnly || operation.identity !== 'user') return call();
    // A state-changing example runs between a read of the agent's state and its restoration.
    // Agent-state operations are valid only while logged in on the channel [src: READY, CHANOP850].
    await withAgentRestored(gate, task, async (start) => {
      const channel = /^\/me\/channels\/([^/{}]+)$/.exec(operation.path)?.[1];
      if (channel !== undefined && start.get(channel) === LOGGED_OUT) {
        await moveAgentTo(gate, new Map([...start, [channel, 'NotReady']]));
      }
      await call();
    });
  });
}

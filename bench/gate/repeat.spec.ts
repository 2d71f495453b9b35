// The gate's positive contract (catalog.spec.ts) for a list of read-only operations, repeated to
// N contracts, so the gate and newman can be timed on the same N requests.
import { inject, test } from 'vitest';
import { NO_ADMIN_REASON, sendExample, useGate } from '../../src/gate/kit/index.ts';

declare module 'vitest' {
  interface ProvidedContext {
    benchGate: { readonly operations: readonly string[]; readonly count: number };
  }
}

const gate = useGate();
const { operations, count } = inject('benchGate');

for (let i = 0; i < count; i += 1) {
  const operation = gate.operation(operations[i % operations.length] ?? '');
  test(`${operation.id}: answers ${operation.method} ${operation.path} as the catalog says (#${i + 1})`, async ({ task, skip }) => {
    const session = gate.sessionFor(operation.identity);
    if (session === undefined) return skip(NO_ADMIN_REASON);
    const exchange = await sendExample(gate, operation, session);
    gate.expect(task, operation, exchange, { request: operation.example });
  });
}

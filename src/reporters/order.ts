import type { ContractSummary } from './types.ts';

/** How the contracts were ordered, and how to run the same order again; undefined for a stable order. */
export function shuffledOrderLine(summary: ContractSummary): string | undefined {
  const order = summary.order;
  return order?.kind === 'shuffled' ? `Order shuffled with seed ${order.seed} (run the same order again with --shuffle ${order.seed})` : undefined;
}

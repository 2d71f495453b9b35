import type { ContractSummary } from './types.ts';

/** How the contracts were ordered, and how to run the same order again; undefined for a stable order. */
export function shuffledOrderLine(summary: ContractSummary): string | undefined {
  const order = summary.order;
  return order?.kind === 'shuffled' ? `Order shuffled with seed ${order.seed} (run the same order again with --shuffle ${order.seed})` : undefined;
}

/** The features the server enables, as the run read them; undefined when the report does not say. */
export function featuresLine(summary: ContractSummary): string | undefined {
  if (summary.features === undefined) return undefined;
  if (summary.features === null) return 'Features: the server lists none (GET /features): every contract ran';
  return `Features: ${summary.features.join(', ') || 'none'} (GET /features: a contract that needs a feature not listed is skipped)`;
}

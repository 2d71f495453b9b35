import type { ContractResult, FailureGroup, ReportedViolation } from './types.ts';

/**
 * The violation that decided a failed contract: its first breaking one (under --strict an
 * additive one decides), or, for a contract that stopped before judging, its message's first line.
 */
export function decidingViolation(result: ContractResult): ReportedViolation {
  const first = result.violations.find((v) => v.grade === 'breaking') ?? result.violations[0];
  if (first !== undefined) return first;
  return { kind: 'error', pointer: '', keyword: 'error', message: (result.message ?? 'failed').split('\n')[0] ?? 'failed', grade: 'breaking' };
}

/** Two violations have one cause when they break the same rule at the same place and say the same. */
function causeKey(v: ReportedViolation): string {
  return [v.kind, v.keyword, v.pointer, v.schemaLocation ?? '', v.message].join('\u0000');
}

/**
 * Failed contracts grouped by the violation that decided them, largest group first (then in
 * report order), so that one defect seen by 30 contracts reads as one cause.
 */
export function groupFailures(results: readonly ContractResult[]): FailureGroup[] {
  const groups = new Map<string, { violation: ReportedViolation; contracts: string[] }>();
  for (const result of results) {
    if (result.outcome !== 'failed') continue;
    const violation = decidingViolation(result);
    const key = causeKey(violation);
    const group = groups.get(key) ?? { violation, contracts: [] };
    group.contracts.push(result.id);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.contracts.length - a.contracts.length);
}

/** "30 contracts: <message>" / "1 contract: <message>". */
export function groupHeadline(group: FailureGroup): string {
  const n = group.contracts.length;
  return `${n} contract${n === 1 ? '' : 's'}: ${group.violation.message}`;
}

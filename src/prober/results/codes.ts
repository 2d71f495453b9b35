import { FAILURE_REASONS, type FailureReason } from '../failure-reason.ts';
import { NOT_APPLICABLE, STATE_CHANGE_OUTCOMES, SYNTHETIC_CALL_OUTCOMES, SYNTHETIC_CHAT_OUTCOMES, type ProbeOutcome } from '../types.ts';

/** Every outcome a run can have, each once: the ring keeps a run's outcome as its index here. */
export const OUTCOMES: readonly ProbeOutcome[] = [
  ...new Set<ProbeOutcome>([...STATE_CHANGE_OUTCOMES, ...SYNTHETIC_CALL_OUTCOMES, ...SYNTHETIC_CHAT_OUTCOMES, NOT_APPLICABLE]),
];

const OUTCOME_CODE = new Map(OUTCOMES.map((o, i) => [o, i]));
const REASON_CODE = new Map(FAILURE_REASONS.map((r, i) => [r, i]));

/** The reason code of a run that did not fail. */
export const NO_REASON = 255;

export function outcomeCode(outcome: ProbeOutcome): number {
  const code = OUTCOME_CODE.get(outcome);
  if (code === undefined) throw new Error(`outcome "${outcome}" has no code (expected one of ${OUTCOMES.join(', ')})`);
  return code;
}

export function outcomeOf(code: number): ProbeOutcome {
  const outcome = OUTCOMES[code];
  if (outcome === undefined) throw new Error(`outcome code ${code} names no outcome`);
  return outcome;
}

export function reasonCode(reason: FailureReason | undefined): number {
  return reason === undefined ? NO_REASON : (REASON_CODE.get(reason) ?? NO_REASON);
}

export function reasonOf(code: number): FailureReason | null {
  return code === NO_REASON ? null : (FAILURE_REASONS[code] ?? null);
}

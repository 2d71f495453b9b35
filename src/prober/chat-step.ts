import type { ClientResult } from '../client/index.ts';
import { ConfigError } from '../config/index.ts';
import { type Contracts, type JudgeOptions, type Operation, type Violation } from '../contracts/index.ts';
import { CHAT_OUTCOMES } from '../contracts/outcomes.ts';
import { agentExchange, exchangeOfFailure } from './exchange.ts';
import { failureOutcome } from './probe.ts';
import type { SyntheticChatContext } from './synthetic-chat.ts';
import type { ProbeOutcome, ProbeResult } from './types.ts';

/** What one step of a chat run found: a request's verdict, or what its wait saw. */
export interface StepVerdict {
  readonly outcome: ProbeOutcome;
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly violations: readonly Violation[];
  /** One line naming the step (never a credential). */
  readonly error?: string;
  /** The request the step sent or followed: its timing is the run's when the step decides it. */
  readonly request: ClientResult;
}

/** The step ends the run: anything that failed but for an answer over its latency budget. */
export const endsRun = (step: StepVerdict): boolean => !step.ok && step.outcome !== 'slow';

/** The step that decides a run: the first that ended it, else the first slow one, else the first. */
export function decisive(steps: readonly StepVerdict[]): StepVerdict | undefined {
  return steps.find(endsRun) ?? steps.find((s) => !s.ok) ?? steps[0];
}

/**
 * `{ exchange }` of the step that decided a failed run: its request as sent and the answer. The
 * agent's requests carry its login; the customer's carry no credentials, so they show none.
 */
export function decisiveExchange(
  ctx: Pick<SyntheticChatContext, 'client' | 'username' | 'exchangeLimits'>,
  failed: boolean,
  step: StepVerdict,
): Pick<ProbeResult, 'exchange'> {
  return exchangeOfFailure({ ok: !failed, outcome: step.outcome }, step.request, agentExchange(ctx));
}

/** Judges one answer against its catalog entry, as the gate does; `what` names the step in the error line. */
export function judgeStep(contracts: Contracts, operation: Operation, result: ClientResult, request: NonNullable<JudgeOptions['request']>, what: string): StepVerdict {
  if (result.kind !== 'response') {
    return { outcome: failureOutcome(result.kind), ok: false, statusCode: null, violations: [], error: `${what}: ${result.error}`, request: result };
  }
  const verdict = contracts.judge(operation, result.response, { request });
  const first = verdict.violations[0]?.message;
  return {
    outcome: verdict.outcome,
    ok: verdict.ok,
    statusCode: verdict.statusCode,
    violations: verdict.violations,
    ...(verdict.ok ? {} : { error: `${what}: ${first ?? verdict.outcome}` }),
    request: result,
  };
}

/** A read the run could not do: its own failure, or `status_code_error` for an answer without what the run needed. */
export function readFailure(result: ClientResult, reason: string): StepVerdict {
  return { outcome: result.kind === 'response' ? 'status_code_error' : failureOutcome(result.kind), ok: false, statusCode: null, violations: [], error: reason, request: result };
}

/** A step whose request held but whose effect never showed: the run fails with `outcome`. */
export function notSeen(after: StepVerdict, outcome: ProbeOutcome, error: string): StepVerdict {
  return { ...after, outcome, ok: false, error };
}

/** GWS answered with its envelope: the request reached it [src: RV852]. */
export const answered = (result: ClientResult): boolean =>
  result.kind === 'response' && typeof (result.response.body as { statusCode?: unknown } | undefined)?.statusCode === 'number';

/** An error envelope: the operation changed nothing [src: RV852]. */
export function refused(result: ClientResult): boolean {
  if (result.kind !== 'response') return false;
  const code = (result.response.body as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === 'number' && code !== 0;
}

/** The catalog entries the chat probe sends and judges, and the chat states it waits for. */
export interface ChatOperations {
  /** `POST /chats` RequestChat: its id labels the probe [src: CustomerChatRequestChat]. */
  readonly requestChat: Operation;
  /** `POST /chats/{id}`: the customer's SendMessage and Complete [src: CustomerChatSendMessage, CustomerChatComplete]. */
  readonly customer: Operation;
  /** `POST /me/chats/{id}`: the agent's Accept, SendMessage, Complete and Reject [src: ChatAccept 8.5.2, ChatSend latest, ChatComplete]. */
  readonly agent: Operation;
  /** `POST /me/channels/chat`: Ready and NotReady on the chat channel [src: CHANOP851]. */
  readonly channel: Operation;
  /** The state Accept leads to, and the one Complete leads to (CHAT_OUTCOMES) [src: ChatAccept 8.5.2, ChatComplete]. */
  readonly chatting: string;
  readonly completed: string;
}

function stateShownBy(operationName: string): string {
  const value = CHAT_OUTCOMES[operationName]?.shows?.value;
  if (typeof value !== 'string') throw new ConfigError(`the chat outcomes name no state for ${operationName}, which the synthetic-chat probe waits for`);
  return value;
}

export function chatOperations(contracts: Contracts): ChatOperations {
  const find = (method: string, path: string): Operation => {
    const op = contracts.catalog.find((o) => o.method === method && o.path === path);
    if (op === undefined) throw new ConfigError(`the catalog has no ${method} ${path} operation for the synthetic-chat probe`);
    return op;
  };
  return {
    requestChat: find('POST', '/chats'),
    customer: find('POST', '/chats/{id}'),
    agent: find('POST', '/me/chats/{id}'),
    channel: find('POST', '/me/channels/chat'),
    chatting: stateShownBy('Accept'),
    completed: stateShownBy('Complete'),
  };
}

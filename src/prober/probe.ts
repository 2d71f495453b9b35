import type { ClientResult, GwsClient, PhaseTimings } from '../client/index.ts';
import type { ObservedResponse } from '../contracts/index.ts';
import { expandPath, listsMember, MissingParamError, resolveParams, type Contracts, type Identity, type Operation, type Verdict } from '../contracts/index.ts';
import type { ReportedExchange } from '../reporters/index.ts';
import { inapplicableAnswer, inapplicableParam, isNotFound, notAMember, statusMessageOf, type FailedAnswer } from './applicability.ts';
import { exchangeOfFailure, loginOf, reportedExchange, type ExchangeContext, type ExchangeLimits } from './exchange.ts';
import { NOT_APPLICABLE, type Clock, type ProbeOutcome, type ProbeResult } from './types.ts';

/** The clients of one target, one per identity it has credentials for. */
export interface TargetClients {
  forIdentity(identity: Identity): GwsClient | undefined;
  /** The username the identity's client logs in as: a failed run's `curl` reproduction names it. */
  usernameOf?(identity: Identity): string | undefined;
}

/** Path parameters resolved from other operations (e.g. the user id from GET /me), kept between runs. */
export type ParamCache = Map<string, Readonly<Record<string, string>>>;

export interface OperationProbeContext {
  readonly target: string;
  readonly contracts: Contracts;
  readonly clients: TargetClients;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly params: ParamCache;
  /** Additive drift fails, and an unconfirmed endpoint the server lacks fails instead of not applying. */
  readonly strict?: boolean;
  /** How much of a failed run's answer is kept (default DEFAULT_EXCHANGE_LIMITS). */
  readonly exchangeLimits?: ExchangeLimits;
}

const NO_TIMINGS: PhaseTimings = Object.freeze({ connect: 0, tls: 0, processing: 0, transfer: 0, total: 0 });

/** A request that did not yield a judged, successful response: the probe reports it as its own. */
class SourceFailure extends Error {
  constructor(
    readonly outcome: ProbeOutcome,
    readonly responded: boolean,
    readonly statusCode: number | null,
    readonly timings: PhaseTimings | undefined,
    message: string,
    readonly verdict?: Verdict,
    readonly exchange?: ReportedExchange,
  ) {
    super(message);
  }
}

/** What a client failure means for a probe; a capped body is an unusable HTTP answer. */
export function failureOutcome(kind: Exclude<ClientResult['kind'], 'response'>): ProbeOutcome {
  return kind === 'too_large' ? 'http_error' : kind;
}

/** What a failed run reports of a request of the probe's: what went out and what came back. */
function exchangeContext(ctx: OperationProbeContext, op: Operation, client: GwsClient): ExchangeContext {
  return { baseUrl: client.baseUrl, login: loginOf(op.identity, ctx.clients.usernameOf?.(op.identity)), limits: ctx.exchangeLimits };
}

function send(client: GwsClient, op: Operation, params: Readonly<Record<string, string>>, timeoutMs: number): Promise<ClientResult> {
  return client.request({
    method: op.method,
    path: expandPath(op, params),
    ...(op.example.query !== undefined ? { query: op.example.query } : {}),
    ...(op.example.body !== undefined ? { body: op.example.body } : {}),
    auth: op.identity === 'none' ? 'none' : 'basic',
    timeoutMs,
  });
}

function clientFor(ctx: OperationProbeContext, op: Operation): GwsClient {
  const client = ctx.clients.forIdentity(op.identity);
  if (client === undefined) throw new Error(`operation ${op.id} needs ${op.identity} credentials, which target ${ctx.target} lacks`);
  return client;
}

function failedAnswer(response: ObservedResponse, verdict: Verdict): FailedAnswer {
  const statusMessage = statusMessageOf(response.body);
  return { httpStatus: response.httpStatus, statusCode: verdict.statusCode, ...(statusMessage !== undefined ? { statusMessage } : {}) };
}

/**
 * Resolves `{param}` values through their source operations (the catalog's one resolver), judging
 * each source response: a source that fails fails the probe with that request's outcome, and one
 * that holds nothing to address (an empty list, a role the identity lacks) makes it not apply.
 */
async function resolveProbeParams(ctx: OperationProbeContext, op: Operation): Promise<Readonly<Record<string, string>>> {
  let last: { readonly statusCode: number | null; readonly timings: PhaseTimings; readonly exchange: () => ReportedExchange | undefined } | undefined;
  try {
    return await resolveParams(op, async (sourceId) => {
      const sourceOp = ctx.contracts.operation(sourceId);
      const names = Object.entries(op.paramSources ?? {}).filter(([, source]) => source.operation === sourceId).map(([name]) => `{${name}}`);
      const where = `resolving ${names.join(', ')} through ${sourceOp.id}`;
      const client = clientFor(ctx, sourceOp);
      const result = await send(client, sourceOp, sourceOp.example.params ?? {}, ctx.timeoutMs);
      // The source's request decides the run when it fails: the failed run shows that exchange.
      const exchange = (): ReportedExchange | undefined => reportedExchange(result, exchangeContext(ctx, sourceOp, client));
      if (result.kind !== 'response') {
        throw new SourceFailure(failureOutcome(result.kind), false, null, result.timings, `${where}: ${result.error}`, undefined, exchange());
      }
      const verdict = ctx.contracts.judge(sourceOp, result.response, { request: sourceOp.example });
      if (!verdict.ok) {
        const inapplicable = inapplicableAnswer(sourceOp, failedAnswer(result.response, verdict), ctx.strict === true);
        if (inapplicable !== undefined) throw new SourceFailure(NOT_APPLICABLE, true, verdict.statusCode, result.timings, `${where}: ${inapplicable}`);
        const first = verdict.violations[0]?.message ?? verdict.outcome;
        throw new SourceFailure(verdict.outcome, true, verdict.statusCode, result.timings, `${where}: ${first}`, verdict, exchange());
      }
      last = { statusCode: verdict.statusCode, timings: result.timings, exchange };
      return result.response.body;
    });
  } catch (error) {
    if (error instanceof SourceFailure || last === undefined) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const inapplicable = error instanceof MissingParamError ? inapplicableParam(error) : undefined;
    // An empty list holds nothing to probe (a user with no device); an item without the value is broken.
    if (inapplicable !== undefined) throw new SourceFailure(NOT_APPLICABLE, true, last.statusCode, last.timings, inapplicable);
    throw new SourceFailure('schema_violation', true, last.statusCode, last.timings, message, undefined, last.exchange());
  }
}

/**
 * Whether the collection of a `memberOf` read lists the resource; undefined when that cannot be
 * told (the collection read failed too), so that the original failure stands.
 */
async function collectionLists(ctx: OperationProbeContext, op: Operation): Promise<boolean | undefined> {
  const member = op.memberOf;
  if (member === undefined) return undefined;
  const collection = ctx.contracts.operation(member.operation);
  const result = await send(clientFor(ctx, collection), collection, collection.example.params ?? {}, ctx.timeoutMs);
  if (result.kind !== 'response' || !ctx.contracts.judge(collection, result.response, { request: collection.example }).ok) return undefined;
  return listsMember(member, result.response.body);
}

/** Why a failed answer of the probe's own request means it does not apply, or undefined for a failure. */
async function inapplicableResponse(ctx: OperationProbeContext, op: Operation, answer: FailedAnswer): Promise<string | undefined> {
  if (op.memberOf !== undefined && isNotFound(answer) && (await collectionLists(ctx, op)) === false) return notAMember(op);
  return inapplicableAnswer(op, answer, ctx.strict === true);
}

/** The server's version from a diagnostics/version body, when it has one. */
function versionOf(op: Operation, body: unknown): string | undefined {
  if (op.path !== '/diagnostics/version' || body === null || typeof body !== 'object') return undefined;
  const version = (body as { version?: unknown }).version;
  return typeof version === 'string' && /^[0-9A-Za-z._-]{1,40}$/.test(version) ? version : undefined;
}

function certOf(result: ClientResult): Pick<ProbeResult, 'certNotAfter'> {
  return result.certNotAfter === undefined ? {} : { certNotAfter: result.certNotAfter };
}

/** One run of a read-only operation probe. Never rejects for anything the server does. */
export async function runOperationProbe(op: Operation, ctx: OperationProbeContext): Promise<ProbeResult> {
  const result = await runAttempt(op, ctx);
  // A cached id answered "not found" (a device removed since): resolve it again now, so that the
  // run judges the resource as it is, or finds that the probe user has none left.
  if (result.stale === true) return (await runAttempt(op, ctx)).result;
  return result.result;
}

async function runAttempt(op: Operation, ctx: OperationProbeContext): Promise<{ readonly result: ProbeResult; readonly stale?: boolean }> {
  const startedAt = ctx.clock.now();
  const base = { target: ctx.target, probe: op.id, kind: 'operation' as const, startedAt };
  let params: Readonly<Record<string, string>>;
  const cached = ctx.params.get(op.id);
  if (cached !== undefined) {
    params = cached;
  } else {
    try {
      params = await resolveProbeParams(ctx, op);
    } catch (error) {
      if (!(error instanceof SourceFailure)) throw error;
      const result: ProbeResult = {
        ...base,
        ok: false,
        outcome: error.outcome,
        responded: error.responded,
        statusCode: error.statusCode,
        durationMs: (error.timings ?? NO_TIMINGS).total * 1000,
        ...(error.timings ? { timings: error.timings } : {}),
        violations: error.verdict?.violations ?? [],
        error: error.message,
        ...(error.exchange !== undefined && error.outcome !== NOT_APPLICABLE ? { exchange: error.exchange } : {}),
      };
      return { result };
    }
    if (op.paramSources !== undefined) ctx.params.set(op.id, params);
  }

  const client = clientFor(ctx, op);
  const result = await send(client, op, params, ctx.timeoutMs);
  const exchange = exchangeContext(ctx, op, client);
  if (result.kind !== 'response') {
    ctx.params.delete(op.id);
    const failed: ProbeResult = {
      ...base,
      ok: false,
      outcome: failureOutcome(result.kind),
      responded: false,
      statusCode: null,
      durationMs: result.timings.total * 1000,
      timings: result.timings,
      violations: [],
      error: result.error,
      ...certOf(result),
      ...exchangeOfFailure({ ok: false, outcome: failureOutcome(result.kind) }, result, exchange),
    };
    return { result: failed };
  }
  const verdict = ctx.contracts.judge(op, result.response, { request: op.example, strict: ctx.strict === true });
  const answered = { ...base, responded: true, statusCode: verdict.statusCode, durationMs: result.timings.total * 1000, timings: result.timings, ...certOf(result) };
  if (!verdict.ok) {
    // Ids may change (a re-created user or device): resolve again after a failed run.
    ctx.params.delete(op.id);
    const answer = failedAnswer(result.response, verdict);
    if (cached !== undefined && isNotFound(answer)) return { result: { ...answered, ok: false, outcome: verdict.outcome, violations: verdict.violations }, stale: true };
    const inapplicable = await inapplicableResponse(ctx, op, answer);
    if (inapplicable !== undefined) return { result: { ...answered, ok: false, outcome: NOT_APPLICABLE, violations: [], error: inapplicable } };
  }
  const serverVersion = versionOf(op, result.response.body);
  return {
    result: {
      ...answered,
      ok: verdict.ok,
      outcome: verdict.outcome,
      violations: verdict.violations,
      ...(serverVersion !== undefined ? { serverVersion } : {}),
      ...exchangeOfFailure(verdict, result, exchange),
    },
  };
}

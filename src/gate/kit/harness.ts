import { beforeEach, inject } from 'vitest';
import type { TestContext } from 'vitest';

type Test = TestContext['task'];
import { featuresNeeded, loadContracts, type Contracts, type JudgeOptions, type Operation, type Violation } from '../../contracts/index.ts';
import { mergeShapes, observeShape, openEnumTest } from '../../drift/index.ts';
import type { GateTaskMeta } from '../task-meta.ts';
import type { GateRunContext } from '../context.ts';
import type { ReportedExchange, ReportedRequest } from '../../reporters/index.ts';
import { AgentChanges } from './agent-changes.ts';
import type { Credentials } from '../../config/index.ts';
import { GateSession, type SendObserver } from './http.ts';
import { usePactum, type Pactum } from './pactum.ts';
import type { Exchange } from './http.ts';
import { sentRequest } from './sent.ts';

/** A contract did not hold; the message names every breaking violation. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
}

const MAX_RAW_BODY = 8000;

export interface ExpectOptions extends JudgeOptions {
  /** Extra rule violations the spec found beside the catalog's judgement. */
  readonly extra?: readonly Violation[];
}

/** A breaking violation of a rule the spec checks itself (not a schema keyword). */
export function ruleViolation(kind: Violation['kind'], keyword: string, message: string, pointer = ''): Violation {
  return { kind, keyword, message, pointer, grade: 'breaking' };
}

function describeExchange(request: ReportedRequest, exchange: Exchange): ReportedExchange {
  const { response } = exchange;
  const body = response.body !== undefined ? response.body : response.rawBody.slice(0, MAX_RAW_BODY);
  return {
    request,
    method: exchange.request.method,
    path: exchange.request.path,
    httpStatus: response.httpStatus,
    contentType: response.headers['content-type'] ?? null,
    body,
    latencyMs: response.durationMs,
  };
}

/** Everything a spec needs: the catalog, one session per identity, and `expect`. */
export class Gate {
  readonly contracts: Contracts;
  readonly user: GateSession;
  readonly anonymous: GateSession;
  readonly admin: GateSession | undefined;
  /** The configured supervisor, who monitors the agent and rings it; undefined when none is configured. */
  readonly supervisor: GateSession | undefined;
  /** Every change to the agent's state that any of the gate's sessions asked for, until it is done. */
  readonly changes: AgentChanges;
  /** Told of every request any of the gate's sessions sends, after the change ledger. */
  private readonly sendListeners: SendObserver[] = [];
  /** Per operation: which generalised pointers hold open-list values (asked of the schema once). */
  private readonly openEnumCache = new Map<string, Map<string, boolean>>();

  constructor(readonly context: GateRunContext) {
    this.contracts = loadContracts();
    const { target } = context;
    this.changes = new AgentChanges(target.user.username, () => context.asyncDeadlineMs);
    this.user = this.newSession(target.user);
    this.anonymous = this.newSession(undefined);
    this.admin = target.admin ? this.newSession(target.admin) : undefined;
    this.supervisor = target.supervisor ? this.newSession(target.supervisor) : undefined;
  }

  /**
   * A session of its own (a cookie of its own) as `credentials`, on the target. Every session a
   * contract uses comes from here, so that each change it asks of the agent is known to the gate.
   */
  newSession(credentials: Credentials | undefined): GateSession {
    const { target, timeoutMs } = this.context;
    return new GateSession(target, credentials, timeoutMs, {
      observer: (request, outcome) => {
        this.changes.sent(request, outcome);
        for (const listener of this.sendListeners) listener(request, outcome);
      },
    });
  }

  /** Hears every request the gate's sessions send from now on, e.g. to learn what a contract created. */
  onSend(listener: SendObserver): void {
    this.sendListeners.push(listener);
  }

  operation(id: string): Operation {
    return this.contracts.operation(id);
  }

  /** pactum for a spec that writes with its fluent API, its schema checks judged by the gate's own schemas; loaded on first use. */
  pactum(): Promise<Pactum> {
    return usePactum(this.contracts);
  }

  /** A session for a catalog identity; undefined for `admin` when no admin is configured. */
  sessionFor(identity: Operation['identity']): GateSession | undefined {
    if (identity === 'none') return this.anonymous;
    if (identity === 'admin') return this.admin;
    return this.user;
  }

  /**
   * Judges one exchange against an operation with the project's ajv (never pactum's validator),
   * records the verdict on the task for the reporters, and throws when the contract is broken.
   */
  expect(task: Test, operation: Operation, exchange: Exchange, options: ExpectOptions = {}): void {
    const { extra = [], ...rest } = options;
    const judgeOptions = { strict: this.context.strict === true, ...rest };
    const verdict = this.contracts.judge(operation, exchange.response, {
      ...(this.context.latencyBudgetMs !== undefined ? { latencyBudgetMs: this.context.latencyBudgetMs } : {}),
      httpStatusStrict: this.context.httpStatusStrict,
      ...judgeOptions,
    });
    const request = `${exchange.request.method} ${exchange.request.path}`;
    const violations = [...verdict.violations, ...extra].map((v) => ({ ...v, request }));
    const previous = task.meta.gate?.violations ?? [];
    this.observe(task, operation, exchange);
    task.meta.gate = {
      operation: operation.id,
      violations: [...previous, ...violations],
      exchange: describeExchange(sentRequest(this.context, operation.identity, exchange, rest.request?.body), exchange),
      latencyMs: exchange.response.durationMs,
    };
    const failing = [...(verdict.ok ? [] : verdict.violations.filter((v) => v.grade === 'breaking' || judgeOptions.strict)), ...extra];
    if (!verdict.ok && failing.length === 0) failing.push(...verdict.violations);
    if (failing.length > 0) {
      const where = `${exchange.request.method} ${exchange.request.path} -> HTTP ${exchange.response.httpStatus} in ${exchange.response.durationMs} ms`;
      throw new ContractViolationError(`${where}\n${failing.map((v) => `  - ${v.message}`).join('\n')}`);
    }
  }

  /**
   * Keeps the shape of a success body for --record/--compare. Error bodies are the envelope's,
   * the same for every operation, so they say nothing about the operation's shape.
   */
  private observe(task: Test, operation: Operation, exchange: Exchange): void {
    if (this.context.observeShapes !== true) return;
    const body = exchange.response.body;
    if ((body as { statusCode?: unknown } | undefined)?.statusCode !== 0) return;
    let cache = this.openEnumCache.get(operation.id);
    if (cache === undefined) this.openEnumCache.set(operation.id, (cache = new Map<string, boolean>()));
    const shape = observeShape(body, openEnumTest(body, (value) => this.contracts.validate(operation.responseSchema, value), cache));
    task.meta.gateShapes = mergeShapes(task.meta.gateShapes ?? {}, { [operation.id]: shape });
  }

  /** Records a failure that is not about one response (e.g. a state never observed) and throws. */
  fail(task: Test, operation: Operation | undefined, violation: Violation, exchange?: Exchange): never {
    const previous: GateTaskMeta['violations'] = task.meta.gate?.violations ?? [];
    const request = exchange ? { request: `${exchange.request.method} ${exchange.request.path}` } : {};
    task.meta.gate = {
      ...task.meta.gate,
      ...(operation ? { operation: operation.id } : {}),
      violations: [...previous, { ...violation, ...request }],
      ...(exchange ? { exchange: describeExchange(sentRequest(this.context, operation?.identity, exchange, undefined), exchange), latencyMs: exchange.response.durationMs } : {}),
    };
    throw new ContractViolationError(violation.message);
  }
}

let shared: Gate | undefined;

/** The gate of this worker, built once from what the runner provided. */
export function useGate(): Gate {
  const gate = (shared ??= new Gate(inject('gate')));
  beforeEach((context) => {
    const tags = context.task.tags ?? [];
    const why = staticMockReason(gate, tags) ?? featureMissing(gate, context.task.name, tags);
    if (why !== undefined) context.skip(why);
  });
  return gate;
}

/** Why a contract cannot pass against a static mock, by its first tag that says so. */
const NEEDS_STATE: readonly (readonly [tag: string, why: string])[] = [
  ['changes-state', 'it changes the agent\'s state and waits to see it'],
  ['session', 'a mock keeps no session'],
  ['reads', 'a mock answers a read with its example, whatever the query asks'],
  ['stateful', 'only a server knows its passwords, roles, ids and limits'],
  ...['needs-call', 'needs-chat', 'needs-email', 'needs-openmedia'].map((tag) => [tag, 'it needs a call, chat, email or open-media item made first'] as const),
];

/** With --static-mock: why a contract is skipped (it needs a server that keeps state), or undefined. */
export function staticMockReason(gate: Gate, tags: readonly string[]): string | undefined {
  if (gate.context.staticMock !== true) return undefined;
  const why = NEEDS_STATE.find(([tag]) => tags.includes(tag))?.[1];
  return why === undefined ? undefined : `the target is a static mock (--static-mock): ${why}`;
}

/**
 * Operations a contract runs besides its operation's example, by tag: the supervisor-monitoring
 * contracts run ListenIn, Coach and BargeIn on POST /me/devices/{id}, which DND and forwarding
 * share [src: SupervisorListenIn 8.5.2: "Required Features: api-voice, api-supervisor-monitoring"].
 */
const OPERATION_BY_TAG: Readonly<Record<string, string>> = { monitoring: 'ListenIn' };

/**
 * Why a contract cannot run on this server: a feature its operation (the contract name's prefix)
 * needs, itself or through the reads its path parameters come from, that GET /features does not
 * list [src: Features 8.5.1: "When a feature is disabled, the API behaves as if this set of
 * functionality does not exist"]. Undefined when the server lists no features: every contract then runs.
 */
export function featureMissing(gate: Gate, name: string, tags: readonly string[]): string | undefined {
  const enabled = gate.context.features;
  if (enabled === undefined) return undefined;
  const byId = (id: string): Operation | undefined => gate.contracts.catalog.find((o) => o.id === id);
  const operation = byId(name.split(':')[0] ?? '');
  if (operation === undefined) return undefined;
  const named = tags.map((tag) => OPERATION_BY_TAG[tag]).filter((n): n is string => n !== undefined);
  const required = new Set([...featuresNeeded(operation, byId), ...named.flatMap((operationName) => featuresNeeded(operation, byId, operationName))]);
  const missing = [...required].filter((feature) => !enabled.includes(feature));
  if (missing.length === 0) return undefined;
  return `the server does not enable ${missing.join(', ')} (GET /features lists ${enabled.join(', ') || 'none'})`;
}

/** Reason used when an admin comparison cannot run. */
export const NO_ADMIN_REASON = 'admin credentials not configured (set GWS_ADMIN_USERNAME and GWS_ADMIN_PASSWORD or --admin-username/--admin-password-file)';

/** Reason used when a contract starts a chat as a customer, which takes the contact center's id. */
export const NO_CONTACT_CENTER_REASON = 'no contact center id (set GWS_CONTACT_CENTER_ID or --contact-center-id): a chat is started as a customer through the Customer Chat API';

/** Reason used when a contract needs a supervisor to monitor or ring the agent. */
export const NO_SUPERVISOR_REASON =
  'supervisor credentials not configured (set GWS_SUPERVISOR_USERNAME and GWS_SUPERVISOR_PASSWORD or --supervisor-username/--supervisor-password-file)';

import { createClient, createConnectionPool, type ClientOptions, type ConnectionPool, type GwsClient } from '../client/index.ts';
import type { Credentials, ProbeSettings } from '../config/index.ts';
import { INSECURE_TLS_WARNING, targetClientOptions } from './clients.ts';
import type { Identity, Operation } from '../contracts/index.ts';
import { gateOnFeatures, sourceOperations } from './feature-gate.ts';
import { createTargetFeatures, type TargetFeatures } from './features.ts';
import { targetRedactor } from './mask.ts';
import type { ProberMetrics } from './metrics.ts';
import { notificationObserver } from './notification-observer.ts';
import { runOperationProbe, type ParamCache, type TargetClients } from './probe.ts';
import type { ProberOptions } from './prober.ts';
import { intervalSeconds } from './schedule.ts';
import { selectOperations, stateChangeOperation } from './select.ts';
import { inShard, probeKey } from './shard.ts';
import { createStateChangeMemory, runStateChangeProbe, type StateObserverFactory } from './state-change.ts';
import { planSyntheticCall } from './synthetic-call.ts';
import { planSyntheticChat } from './synthetic-chat.ts';
import type { Clock, Logger, ProbeKind, ProbeResult } from './types.ts';

/** A probe the prober runs: one operation (or the state-change, synthetic-call or synthetic-chat probe) on one target. */
export interface ProbeInfo {
  readonly target: string;
  readonly probe: string;
  readonly kind: ProbeKind;
  readonly settings: ProbeSettings;
  readonly intervalSeconds: number;
}

export interface PlannedProbe extends ProbeInfo {
  readonly key: string;
  readonly run: (signal: AbortSignal) => Promise<ProbeResult>;
  /** How long stop() lets a run go on before its signal aborts: a change must be done before a restore. */
  readonly drainMs?: number;
}

/** This replica's probes, the clients they send through, and each target's credential redaction. */
export interface ProbePlan {
  readonly planned: readonly PlannedProbe[];
  readonly clients: readonly GwsClient[];
  /** The keep-alive connections every client shares, closed when the prober stops. */
  readonly connections: ConnectionPool;
  readonly redactFor: (target: string) => (text: string) => string;
  /** The features of each target this replica probes, read as its user (or admin); none for a target without either. */
  readonly features: readonly TargetFeatures[];
}

/** Plans every selected probe of every target in this replica's shard: one client per identity and target. */
export function planProbes(options: ProberOptions, metrics: ProberMetrics, clock: Clock, logger: Logger): ProbePlan {
  const { contracts } = options;
  const makeClient = options.createClient ?? createClient;
  // Said once per target: the state-change probe polls because notifications are unavailable.
  const pollingTargets = new Set<string>();
  const planned: PlannedProbe[] = [];
  const redactors = new Map<string, (text: string) => string>();
  const redactFor = (target: string) => redactors.get(target) ?? ((text: string) => text);
  const allClients: GwsClient[] = [];
  const connections = createConnectionPool();
  const allFeatures: TargetFeatures[] = [];
  const track = (client: GwsClient): GwsClient => {
    allClients.push(client);
    return client;
  };
  for (const target of options.targets) {
    redactors.set(target.name, targetRedactor(target, options.credentialsArePublic === true));
    const clientOptions = (creds: Credentials | undefined): ClientOptions => targetClientOptions(target, creds, connections);
    if (target.tls?.insecureSkipVerify === true) logger.warn(INSECURE_TLS_WARNING, { target: target.name });
    const clients = new Map<Identity, GwsClient>();
    clients.set('none', track(makeClient(clientOptions(undefined))));
    if (target.user) clients.set('user', track(makeClient(clientOptions(target.user))));
    if (target.admin) clients.set('admin', track(makeClient(clientOptions(target.admin))));
    const targetClients: TargetClients = { forIdentity: (identity) => clients.get(identity), usernameOf: (identity) => (identity === 'admin' ? target.admin : identity === 'user' ? target.user : undefined)?.username };
    const params: ParamCache = new Map();
    const plannedBefore = planned.length;
    // GET /features is for agents and admins [src: FEATURES]: the probe user's, else the admin's. A
    // client of its own, without a session, so that reading the features every few minutes never
    // changes the session the probes themselves run in.
    const featureLogin = target.user ?? target.admin;
    const featureClient = featureLogin === undefined ? undefined : track(makeClient({ ...clientOptions(featureLogin), keepSession: false }));
    const features =
      featureClient === undefined
        ? undefined
        : createTargetFeatures({
            target: target.name,
            client: featureClient,
            timeoutMs: target.defaults.timeoutMs,
            clock,
            logger,
            redact: redactFor(target.name),
            onChange: (enabled) => metrics.targetFeatures(target.name, enabled),
          });
    const gated = (probe: string, kind: 'operation' | 'state-change', op: Operation, run: PlannedProbe['run']): PlannedProbe['run'] =>
      features === undefined ? run : gateOnFeatures({ target: target.name, probe, kind, op, sources: sourceOperations(op, contracts), features, clock }, run);

    for (const op of selectOperations(target, contracts.catalog)) {
      const settings = target.probes[op.id] ?? target.defaults;
      const key = probeKey(target.name, op.id);
      if (!inShard(key, options.shard)) continue;
      planned.push({
        target: target.name,
        probe: op.id,
        kind: 'operation',
        settings,
        intervalSeconds: intervalSeconds(settings.schedule),
        key,
        run: gated(op.id, 'operation', op, () =>
          runOperationProbe(op, { target: target.name, contracts, clients: targetClients, clock, timeoutMs: settings.timeoutMs, params, strict: options.strict === true }),
        ),
      });
    }
    const sc = target.stateChange;
    if (sc !== undefined) {
      const op = stateChangeOperation(contracts);
      const key = probeKey(target.name, op.id);
      if (inShard(key, options.shard)) {
        const agentClient = track(makeClient({ ...clientOptions(sc.agent), timeoutMs: sc.timeoutMs }));
        const settings: ProbeSettings = { schedule: sc.schedule, timeoutMs: sc.timeoutMs };
        // Kept across runs: a change one run sent may apply after it, and the next must know it.
        const memory = createStateChangeMemory();
        const observer: StateObserverFactory =
          options.stateObserver ??
          notificationObserver({
            baseUrl: target.baseUrl,
            agent: sc.agent,
            counter: metrics.notificationSessions(target.name),
            onFallback: (failure) => {
              if (pollingTargets.has(target.name)) return;
              pollingTargets.add(target.name);
              logger.warn(`no CometD notifications (${redactFor(target.name)(failure.detail)}); the state-change probe polls GET /me/devices instead`, { target: target.name, probe: op.id });
            },
          });
        planned.push({
          target: target.name,
          probe: op.id,
          kind: 'state-change',
          settings,
          intervalSeconds: intervalSeconds(sc.schedule),
          key,
          drainMs: sc.timeoutMs + sc.settleTimeoutMs,
          run: gated(op.id, 'state-change', op, (signal) =>
            runStateChangeProbe({
              target: target.name,
              contracts,
              operation: op,
              client: agentClient,
              clock,
              observer,
              timeoutMs: sc.timeoutMs,
              settleTimeoutMs: sc.settleTimeoutMs,
              pollIntervalMs: sc.pollIntervalMs,
              signal,
              memory,
              username: sc.agent.username,
            }),
          ),
        });
      }
    }
    const call = target.syntheticCall;
    if (call !== undefined) {
      const client = track(makeClient({ ...clientOptions(call.agent), timeoutMs: call.timeoutMs }));
      const plan = planSyntheticCall({ target, config: call, contracts, client, clock, logger, redact: redactFor(target.name), observer: options.callObserver });
      // Hurried with the state-change probe when a stop's drain runs out: it hangs its call up first.
      if (inShard(plan.key, options.shard)) planned.push({ ...plan, drainMs: 0 });
    }
    const chat = target.syntheticChat;
    if (chat !== undefined) {
      const client = track(makeClient({ ...clientOptions(chat.agent), timeoutMs: chat.timeoutMs }));
      // The customer's side sends no credentials [src: CustomerChatRequestChat].
      const customerClient = track(makeClient({ ...clientOptions(undefined), timeoutMs: chat.timeoutMs }));
      const plan = planSyntheticChat({ target, config: chat, contracts, client, customerClient, clock, logger, redact: redactFor(target.name), observer: options.chatObserver });
      // Hurried with the others when a stop's drain runs out: it completes its chat and restores its chat channel first.
      if (inShard(plan.key, options.shard)) planned.push({ ...plan, drainMs: 0 });
    }
    // Only a target this replica probes has its features read.
    if (features !== undefined && planned.length > plannedBefore) allFeatures.push(features);
  }
  return { planned, clients: allClients, connections, redactFor, features: allFeatures };
}

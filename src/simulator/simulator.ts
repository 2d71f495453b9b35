import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { callModelFactory } from './call-wiring.ts';
import { chatModelFactory } from './chat-wiring.ts';
import { handleControl } from './control.ts';
import { createReferenceCounter } from './interactions/index.ts';
import { multimediaModelFactories } from './multimedia-wiring.ts';
import { customerChats } from './customer-chats.ts';
import { createOperationEngine } from './engine.ts';
import { errors } from './errors.ts';
import { FaultRegistry, validateFaultSpec } from './faults.ts';
import { SYSTEM_FEATURES, type FeatureName } from './features.ts';
import { createNotificationEndpoint, type NotificationEndpoint, type NotificationFault } from './notifications/index.ts';
import type { Notification } from './notifications/messages.ts';
import { resolveOptions, validateDefects } from './options.ts';
import { assemblePipeline, createRequestHandler, credentialsOf, type SimulatorCore } from './pipeline/index.ts';
import { ContactCenter, SessionStore, type MediaFactories } from './state.ts';
import type { DefectMode, FaultSpec, Fixtures, ResolvedSimulatorOptions, SimulatorOptions, StateAppliedEvent } from './types.ts';

export interface SimulatorEventMap {
  'state-applied': [StateAppliedEvent];
  /** The `down` fault fired: whoever listens must refuse connections for `durationMs`. */
  down: [{ readonly durationMs: number }];
}

export interface Simulator {
  /** A node http request listener; the simulator never listens by itself. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly events: EventEmitter<SimulatorEventMap>;
  readonly options: ResolvedSimulatorOptions;
  readonly faults: FaultRegistry;
  /** Adds a fault; a `down` fault takes effect at once. Returns its id. */
  addFault(spec: FaultSpec): string;
  defects(): readonly DefectMode[];
  setDefects(defects: readonly DefectMode[]): void;
  /** The features the contact center has: `SYSTEM_FEATURES` less `disabledFeatures`, fixed for the simulator's life. */
  features(): readonly FeatureName[];
  /**
   * Restores the seed (or puts these fixtures in its place until the next reset): users, agent
   * state and sessions; pending operations are dropped. Faults, defects and disabled features stay.
   */
  reset(fixtures?: Fixtures): void;
  /** The user id the headers authenticate (Basic or JSESSIONID), or null; for layers such as CometD. */
  authenticate(headers: IncomingHttpHeaders): string | null;
  /** Called by `listen()` once the simulator is served: `down` faults given at build time take effect. */
  served(): void;
  /** Drops pending operations and timers. */
  dispose(): void;
  /** The CometD endpoint at `<prefix>/notifications`; `close()` ends its sessions. */
  readonly notifications: NotificationEndpoint;
}

/** Builds a simulator from options; the request pipeline's parts can be replaced through `options.pipeline`. */
export function buildSimulator(options: SimulatorOptions = {}): Simulator {
  const opts = resolveOptions(options);
  const enabled: readonly FeatureName[] = Object.freeze(SYSTEM_FEATURES.filter((feature) => !opts.disabledFeatures.includes(feature)));
  const features: ReadonlySet<FeatureName> = new Set(enabled);
  const events = new EventEmitter<SimulatorEventMap>();
  const faults = new FaultRegistry();
  const sessions = new SessionStore();
  const timers = new Set<NodeJS.Timeout>();
  let defects = new Set<DefectMode>(validateDefects(options.defects ?? []));
  let downUntil = 0;
  // Set once the notification endpoint exists; call events before that have no subscriber anyway.
  let notify: (userId: string, notification: Notification) => void = () => undefined;
  const callModel = callModelFactory({
    delayMs: opts.asyncDelayMs,
    timers,
    defects: () => defects,
    center: () => center,
    applied: (event) => events.emit('state-applied', event),
    notify: (userId, notification) => notify(userId, notification),
  });
  // One referenceId sequence per user for every medium [src: ChatMessageType 8.5.2, EmailMessageType latest].
  const references = createReferenceCounter();
  const chatModel = chatModelFactory({
    references,
    scheduler: { defer: (task) => later(opts.asyncDelayMs, task) },
    defects: () => defects,
    center: () => center,
    notify: (userId, notification) => notify(userId, notification),
  });
  const media: MediaFactories = { calls: callModel, chats: chatModel, ...multimediaModelFactories({
    references,
    scheduler: { defer: (task) => later(opts.asyncDelayMs, task) },
    defects: () => defects,
    center: (): ContactCenter => center,
    notify: (userId, notification) => notify(userId, notification),
  }) };
  let center: ContactCenter = new ContactCenter(opts.fixtures, media, opts.prefix, features);
  const engine = createOperationEngine({
    delayMs: opts.asyncDelayMs,
    sessions,
    timers,
    defects: () => defects,
    center: () => center,
    applied: (event) => events.emit('state-applied', event),
  });
  const core: SimulatorCore = { options: opts, sessions, faults, engine, features, defects: () => defects, center: () => center };

  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  const addFault = (spec: FaultSpec): string => {
    const valid = validateFaultSpec(spec);
    const id = faults.add(valid);
    if (valid.type === 'down') {
      later(valid.durationMs, () => faults.remove(id));
      // Deferred so that the control API's answer leaves before the connections are cut.
      setImmediate(() => {
        downUntil = Date.now() + valid.durationMs;
        events.emit('down', { durationMs: valid.durationMs });
      });
    }
    return id;
  };
  const setDefects = (d: readonly DefectMode[]): void => {
    defects = new Set(validateDefects(d));
  };
  const reset = (fixtures: Fixtures = opts.fixtures): void => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const fault of faults.list()) if (fault.type === 'down') faults.remove(fault.id);
    center = new ContactCenter(fixtures, media, center.apiRoot, features);
    sessions.clear();
  };

  // CometD notifications at <prefix>/notifications [src: CODE-NET, CODE-JS]: same credentials as the
  // REST API, the simulator's notification faults and defects, one publication per applied change.
  const notifications = createNotificationEndpoint({
    authenticate: (headers) => {
      const found = credentialsOf(headers, core);
      return found === undefined ? undefined : { userId: found.user.fixture.id, roles: found.user.fixture.roles };
    },
    faultFor: (channel): NotificationFault | undefined => {
      const fault = faults.fireNotification(channel);
      if (fault?.type === 'notification-delayed') return { type: fault.type, delayMs: fault.delayMs };
      return fault?.type === 'notification-dropped' || fault?.type === 'notification-malformed' ? { type: fault.type } : undefined;
    },
    defects: () => defects,
    authFailureStatus: opts.authFailureStatus,
  });
  events.on('state-applied', (event) => notifications.publish(event));
  // A chat or email channel that became Ready takes the chats or emails waiting for an agent.
  events.on('state-applied', () => {
    center.chats.agentsChanged();
    center.emails.agentsChanged();
  });
  notify = (userId, notification) => notifications.publishTo(userId, [notification]);

  const handle = createRequestHandler(core, assemblePipeline(options.pipeline), {
    control: (method, pathname, bodyText) =>
      handleControl(method, pathname, bodyText, { faults, addFault, defects: () => [...defects], setDefects, reset, center: () => center }),
    notifications,
    isDown: () => Date.now() < downUntil,
    customer: (request) => customerChats(request, center),
  });

  const buildTimeDowns: FaultSpec[] = [];
  for (const spec of options.faults ?? []) {
    const valid = validateFaultSpec(spec);
    if (valid.type === 'down') buildTimeDowns.push(valid);
    else faults.add(valid);
  }

  return {
    handler: (req, res) => {
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      handle(req, res).catch(() => {
        if (res.headersSent || res.destroyed) {
          res.destroy();
          return;
        }
        const { httpStatus, body } = errors.internal();
        const text = JSON.stringify(body);
        res.writeHead(httpStatus, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
        res.end(text);
      });
    },
    events,
    options: opts,
    faults,
    addFault,
    defects: () => [...defects],
    setDefects,
    features: () => enabled,
    reset,
    authenticate: (headers) => credentialsOf(headers, core)?.user.fixture.id ?? null,
    served: () => {
      for (const spec of buildTimeDowns.splice(0)) addFault(spec);
    },
    dispose: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      notifications.close();
    },
    notifications,
  };
}

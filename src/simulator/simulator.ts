import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { isAdmin, matchRoute, type OperationEngine } from './api.ts';
import { handleControl } from './control.ts';
import { fail, httpStatusFor, ok, STATUS_MESSAGES, type Reply } from './envelope.ts';
import { FaultRegistry, validateFaultSpec } from './faults.ts';
import { validateFixtures } from './fixtures.ts';
import { applyMutation } from './mutate.ts';
import { createNotificationEndpoint, type NotificationEndpoint, type NotificationFault } from './notifications/index.ts';
import { DEFAULT_FIXTURES, DEFAULT_VERSION } from './seed.ts';
import { parseShapeQuery, type Json } from './shapes.ts';
import { channelsView, ContactCenter, deviceOf, SessionStore, type Session, type UserRecord } from './state.ts';
import {
  DEFECT_MODES,
  type ActiveFault,
  type AgentState,
  type DefectMode,
  type FaultSpec,
  type ResolvedSimulatorOptions,
  type SimulatorOptions,
  type StateAppliedEvent,
} from './types.ts';

/** Options that cannot work; one line naming the bad value. */
export class SimulatorOptionError extends Error {
  override readonly name = 'SimulatorOptionError';
}

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
  /** Restores the seed: users, agent state and sessions; pending operations are dropped. Faults and defects stay. */
  reset(): void;
  /** The user id the headers authenticate (Basic or JSESSIONID), or null; for layers such as CometD. */
  authenticate(headers: IncomingHttpHeaders): string | null;
  /** Drops pending operations and timers. */
  dispose(): void;
  /** The CometD endpoint at `<prefix>/notifications`; `close()` ends its sessions. */
  readonly notifications: NotificationEndpoint;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
const TERMINAL_FAULTS = new Set(['status-code', 'http-5xx-html', 'not-json', 'hang', 'reset', 'large-body']);
const SLOW_DEFECT_MS = 1500;
const JSON_TYPE = 'application/json; charset=utf-8';

export function validateDefects(value: unknown): DefectMode[] {
  if (!Array.isArray(value)) throw new SimulatorOptionError(`defects must be an array of defect names (one of ${DEFECT_MODES.join(', ')})`);
  for (const d of value) {
    if (typeof d !== 'string' || !(DEFECT_MODES as readonly string[]).includes(d)) {
      throw new SimulatorOptionError(`defect ${JSON.stringify(d)} is not one of ${DEFECT_MODES.join(', ')}`);
    }
  }
  return value as DefectMode[];
}

function resolveOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  const prefix = (options.prefix ?? '/api/v2').replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9._~-]+)*$/.test(prefix)) {
    throw new SimulatorOptionError(`prefix ${JSON.stringify(options.prefix)} is not a URL path (expected e.g. /api/v2)`);
  }
  const positive = (name: string, value: number | undefined, fallback: number, min: number): number => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) throw new SimulatorOptionError(`${name} ${String(value)} must be an integer >= ${min}`);
    return v;
  };
  const version = options.version ?? DEFAULT_VERSION;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(version)) throw new SimulatorOptionError(`version ${JSON.stringify(version)} must have four dotted parts (e.g. 8.5.201.04)`);
  const authFailureStatus = options.authFailureStatus ?? 403;
  if (authFailureStatus !== 401 && authFailureStatus !== 403) throw new SimulatorOptionError(`authFailureStatus ${String(authFailureStatus)} must be 401 or 403`);
  const urlLimitHttpStatus = options.urlLimitHttpStatus ?? 414;
  if (urlLimitHttpStatus !== 414 && urlLimitHttpStatus !== 400) throw new SimulatorOptionError(`urlLimitHttpStatus ${String(urlLimitHttpStatus)} must be 414 or 400`);
  const errorHttpStatus = options.errorHttpStatus ?? 'mapped';
  if (errorHttpStatus !== 'mapped' && errorHttpStatus !== 'always-200') throw new SimulatorOptionError(`errorHttpStatus ${JSON.stringify(errorHttpStatus)} must be "mapped" or "always-200"`);
  const roleDenialStatusCode = options.roleDenialStatusCode ?? 5;
  if (roleDenialStatusCode !== 3 && roleDenialStatusCode !== 5) throw new SimulatorOptionError(`roleDenialStatusCode ${String(roleDenialStatusCode)} must be 3 or 5`);
  return {
    prefix,
    asyncDelayMs: positive('asyncDelayMs', options.asyncDelayMs, 50, 0),
    authFailureStatus,
    csrf: options.csrf ?? false,
    urlLimit: positive('urlLimit', options.urlLimit, 2000, 1),
    urlLimitHttpStatus,
    errorHttpStatus,
    roleDenialStatusCode,
    version,
    fixtures: validateFixtures(options.fixtures ?? DEFAULT_FIXTURES),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 1024 * 1024, 1),
  };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** `Basic base64(user:password)`, decoded as ISO-8859-1 as GWS clients encode it [src: CODE-NET]. */
function parseBasic(header: string): { user: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

type BodyResult = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, max: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        finish({ kind: 'too-large' });
        req.pause();
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('end', () => finish({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ kind: 'aborted' }));
    req.on('close', () => finish({ kind: 'aborted' }));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function originOf(req: IncomingMessage): string {
  const host = req.headers.host;
  if (host !== undefined && /^[A-Za-z0-9.\-[\]:]{1,255}$/.test(host)) return `http://${host}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  const hostPart = address.includes(':') ? `[${address}]` : address;
  return `http://${hostPart}:${String(req.socket.localPort ?? 80)}`;
}

interface Auth {
  readonly user: UserRecord;
  readonly session: Session | undefined;
}

/** Per-request wire details gathered while handling it. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly shaping: ActiveFault[];
  session: Session | undefined;
  newSession: boolean;
  api: boolean;
}

export function buildSimulator(options: SimulatorOptions = {}): Simulator {
  let resolved: ResolvedSimulatorOptions;
  try {
    resolved = resolveOptions(options);
  } catch (error) {
    if (error instanceof SimulatorOptionError) throw error;
    throw new SimulatorOptionError((error as Error).message);
  }
  const opts = resolved;
  const events = new EventEmitter<SimulatorEventMap>();
  const faults = new FaultRegistry();
  let defects = new Set<DefectMode>(validateDefects(options.defects ?? []));
  let center = new ContactCenter(opts.fixtures);
  const sessions = new SessionStore();
  const timers = new Set<NodeJS.Timeout>();

  const swapped = (state: AgentState): AgentState => (state === 'Ready' ? 'NotReady' : state === 'NotReady' ? 'Ready' : state);

  const engine: OperationEngine = {
    accept(user, changes, root, neverApply) {
      if (neverApply || defects.has('async-never-applied')) return;
      for (const [channel, state] of changes) user.projected.set(channel, state);
      const owner = center;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (owner !== center) return;
        for (const [channel, state] of changes) {
          user.applied.set(channel, defects.has('wrong-state-applied') ? swapped(state) : state);
        }
        const device = deviceOf(user, root);
        events.emit('state-applied', { userId: user.fixture.id, devices: device === undefined ? [] : [device], channels: channelsView(user) });
      }, opts.asyncDelayMs);
      timer.unref();
      timers.add(timer);
    },
    endHttpSessions(user) {
      sessions.invalidateUser(user.fixture.id);
    },
  };

  const triggerDown = (durationMs: number): void => {
    downUntil = Date.now() + durationMs;
    events.emit('down', { durationMs });
  };
  let downUntil = 0;

  const addFault = (spec: FaultSpec): string => {
    const valid = validateFaultSpec(spec);
    const id = faults.add(valid);
    if (valid.type === 'down') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        faults.remove(id);
      }, valid.durationMs);
      timer.unref();
      timers.add(timer);
      // Deferred so that the control API's answer leaves before the connections are cut.
      setImmediate(() => triggerDown(valid.durationMs));
    }
    return id;
  };

  const authenticate = (headers: IncomingHttpHeaders): Auth | undefined => {
    const cookieSession = sessions.get(parseCookies(headers.cookie)['JSESSIONID']);
    const header = headers.authorization;
    if (header !== undefined) {
      const credentials = parseBasic(header);
      if (credentials === undefined) return undefined;
      const user = center.byName.get(credentials.user);
      if (user === undefined || user.fixture.enabled === false) return undefined;
      if (user.fixture.password !== credentials.password && !defects.has('wrong-password-accepted')) return undefined;
      if (cookieSession !== undefined && (cookieSession.userId === null || cookieSession.userId === user.fixture.id)) {
        cookieSession.userId = user.fixture.id;
        return { user, session: cookieSession };
      }
      return { user, session: undefined };
    }
    if (cookieSession?.userId != null) {
      const user = center.users.get(cookieSession.userId);
      if (user !== undefined) return { user, session: cookieSession };
    }
    if (defects.has('no-auth-required')) {
      const fallback = center.byName.get('ksippo') ?? [...center.users.values()][0];
      if (fallback !== undefined) return { user: fallback, session: undefined };
    }
    return undefined;
  };

  const write = (ex: Exchange, reply: Reply): void => {
    const { req, res } = ex;
    if (res.headersSent || res.destroyed || req.socket.destroyed) return;
    const body: Json = structuredClone(reply.body);
    const code = body['statusCode'];
    if (ex.api) {
      if (code !== 0 && defects.has('error-extra-attributes')) body['details'] = 'Additional error details';
      if (code === 0 && defects.has('status-message-on-success')) body['statusMessage'] = 'OK';
      if (defects.has('status-code-string')) body['statusCode'] = String(code);
    }
    let contentType = ex.api && defects.has('text-content-type') ? 'text/plain; charset=utf-8' : JSON_TYPE;
    for (const fault of ex.shaping) {
      if (fault.type === 'mutate') applyMutation(body, fault.op, fault.pointer, fault.value);
      if (fault.type === 'wrong-content-type') contentType = fault.contentType ?? 'text/html; charset=utf-8';
    }
    const text = JSON.stringify(body);
    const headers: Record<string, string | string[]> = {
      'Content-Type': contentType,
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-cache, no-store',
      ...reply.headers,
    };
    if (opts.csrf && ex.api && req.method === 'GET') {
      if (ex.session === undefined) {
        ex.session = sessions.create(null);
        ex.newSession = true;
      }
      // Every GET hands out the header name and the session's token [src: CSRFAPI].
      headers['X-CSRF-HEADER'] = 'X-CSRF-TOKEN';
      headers['X-CSRF-TOKEN'] = ex.session.csrfToken;
    }
    if (ex.newSession && ex.session !== undefined) headers['Set-Cookie'] = `JSESSIONID=${ex.session.id}; Path=/; HttpOnly`;
    const status = opts.errorHttpStatus === 'always-200' && ex.api ? 200 : reply.httpStatus;
    res.writeHead(status, headers);
    res.end(text);
  };

  const writeRaw = (res: ServerResponse, status: number, contentType: string, body: string | Buffer): void => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  const applyTerminal = (ex: Exchange, fault: ActiveFault): void => {
    const { req, res } = ex;
    switch (fault.type) {
      case 'status-code': {
        const message = fault.statusMessage ?? STATUS_MESSAGES[fault.statusCode] ?? 'Simulated error';
        const status = fault.httpStatus ?? httpStatusFor(fault.statusCode);
        write(ex, fault.statusCode === 0 ? { httpStatus: status, body: { statusCode: 0 } } : fail(fault.statusCode, message, status));
        return;
      }
      case 'http-5xx-html': {
        const status = fault.httpStatus ?? 502;
        writeRaw(res, status, 'text/html; charset=utf-8', `<html><head><title>${status} Error</title></head><body><h1>HTTP ${status}</h1><p>Proxy error</p></body></html>`);
        return;
      }
      case 'not-json':
        writeRaw(res, 200, JSON_TYPE, 'Service Temporarily Unavailable: this body is not JSON');
        return;
      case 'hang':
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'large-body': {
        const prefix = Buffer.from('{"statusCode":0,"padding":"');
        const filler = Buffer.alloc(Math.max(0, fault.bytes - prefix.length), 0x78);
        writeRaw(res, 200, JSON_TYPE, Buffer.concat([prefix, filler]).subarray(0, Math.max(fault.bytes, 1)));
        return;
      }
      default:
        return;
    }
  };

  const handleApi = async (ex: Exchange, method: string, rawUrl: string, url: URL): Promise<void> => {
    const { req } = ex;
    const fullUrl = `${originOf(req)}${rawUrl}`;
    if (fullUrl.length > opts.urlLimit) {
      // The limit is documented [src: MAR]; the answer is the project's decision (HTTP 414, statusCode 10).
      await readBody(req, opts.maxBodyBytes);
      write(ex, fail(10, `Request URL exceeds ${opts.urlLimit} characters`, opts.urlLimitHttpStatus));
      return;
    }
    const body = await readBody(req, opts.maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') {
      write(ex, fail(10, `Request body exceeds ${opts.maxBodyBytes} bytes`, 413, { Connection: 'close' }));
      return;
    }
    const pathname = url.pathname;
    const underPrefix = pathname === opts.prefix || pathname.startsWith(`${opts.prefix}/`);
    const path = underPrefix ? pathname.slice(opts.prefix.length) || '/' : pathname;

    const fired = faults.fire(path, method);
    const delay = fired.reduce((sum, f) => (f.type === 'latency' ? sum + f.fixedMs + Math.random() * (f.jitterMs ?? 0) : sum), 0);
    if (delay > 0) await sleep(delay);
    if (defects.has('slow')) await sleep(SLOW_DEFECT_MS);
    const terminal = fired.find((f) => TERMINAL_FAULTS.has(f.type));
    if (terminal !== undefined) {
      applyTerminal(ex, terminal);
      return;
    }
    ex.shaping.push(...fired.filter((f) => f.type === 'mutate' || f.type === 'wrong-content-type'));
    const neverApply = fired.some((f) => f.type === 'async-never-applied');

    if (!underPrefix) {
      write(ex, fail(6, `No resource at ${pathname.slice(0, 200)}`));
      return;
    }
    if (path === '/diagnostics/version') {
      // The one call that needs no credentials [src: MAR].
      ex.session = sessions.get(parseCookies(req.headers.cookie)['JSESSIONID']);
      write(ex, method === 'GET' ? ok({ version: opts.version }) : fail(6, `${method} is not supported on /diagnostics/version`, 404, { Allow: 'GET' }));
      return;
    }
    if (opts.csrf && UNSAFE_METHODS.has(method)) {
      const session = sessions.get(parseCookies(req.headers.cookie)['JSESSIONID']);
      const token = req.headers['x-csrf-token'];
      if (session === undefined || token !== session.csrfToken) {
        write(ex, fail(3, 'Missing or invalid Csrf token', 403));
        return;
      }
    }
    const auth = authenticate(req.headers);
    if (auth === undefined) {
      const headers: Record<string, string> = opts.authFailureStatus === 401 ? { 'WWW-Authenticate': 'Basic realm="GWS"' } : {};
      ex.session = sessions.get(parseCookies(req.headers.cookie)['JSESSIONID']);
      write(ex, fail(20, 'Access denied', opts.authFailureStatus, headers));
      return;
    }
    ex.session = auth.session ?? sessions.create(auth.user.fixture.id);
    ex.newSession = auth.session === undefined;
    const match = matchRoute(path);
    if (match === undefined) {
      write(ex, fail(6, `No resource at ${path.slice(0, 200)}`));
      return;
    }
    const handler = method === 'GET' ? match.route.get : method === 'POST' ? match.route.post : undefined;
    if (handler === undefined) {
      const allow = [match.route.get ? 'GET' : '', match.route.post ? 'POST' : ''].filter((m) => m !== '').join(', ');
      write(ex, fail(6, `${method} is not supported on ${match.route.pattern}`, 404, { Allow: allow }));
      return;
    }
    if (match.route.access === 'admin' && !isAdmin(auth.user) && !defects.has('roles-not-enforced')) {
      write(ex, fail(opts.roleDenialStatusCode, 'User does not have permission to perform this operation'));
      return;
    }
    let parsed: unknown = {};
    if (method === 'POST' && body.text.trim() !== '') {
      try {
        parsed = JSON.parse(body.text);
      } catch {
        write(ex, fail(10, 'Request body is not valid JSON'));
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        write(ex, fail(10, 'Request body must be a JSON object'));
        return;
      }
    }
    const root = defects.has('relative-uris') ? opts.prefix : `${originOf(req)}${opts.prefix}`;
    const reply = handler({
      user: auth.user,
      params: match.params,
      query: parseShapeQuery(url.searchParams),
      root,
      body: parsed,
      defects,
      center,
      engine,
      neverApply,
    });
    if (reply.body['statusCode'] === 0 && method === 'POST' && (parsed as Json)['operationName'] === 'EndContactCenterSession') {
      // The HTTP session is gone [src: ECCS]: no new cookie on this answer.
      ex.newSession = false;
    }
    write(ex, reply);
  };

  // CometD notifications at <prefix>/notifications [src: CODE-NET, CODE-JS]: same credentials as the
  // REST API, the simulator's notification faults and defects, one publication per applied change.
  const notifications = createNotificationEndpoint({
    authenticate: (headers) => {
      const auth = authenticate(headers);
      return auth === undefined ? undefined : { userId: auth.user.fixture.id, roles: auth.user.fixture.roles };
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
  const notificationsPath = `${opts.prefix}/notifications`;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const ex: Exchange = { req, res, shaping: [], session: undefined, newSession: false, api: true };
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    if (Date.now() < downUntil) {
      req.socket.destroy();
      return;
    }
    let url: URL;
    try {
      if (!rawUrl.startsWith('/')) throw new Error('not origin-form');
      url = new URL(`http://simulator${rawUrl}`);
    } catch {
      await readBody(req, opts.maxBodyBytes);
      write(ex, fail(10, 'Malformed request URL'));
      return;
    }
    if (url.pathname === '/__simulator' || url.pathname.startsWith('/__simulator/')) {
      ex.api = false;
      const body = await readBody(req, opts.maxBodyBytes);
      const reply = handleControl(method, url.pathname, body.kind === 'ok' ? body.text : undefined, {
        faults,
        addFault,
        defects: () => [...defects],
        setDefects: (d) => {
          defects = new Set(validateDefects(d));
        },
        reset,
      });
      write(ex, reply);
      return;
    }
    if (url.pathname === notificationsPath || url.pathname.startsWith(`${notificationsPath}/`)) {
      notifications.handle(req, res);
      return;
    }
    await handleApi(ex, method, rawUrl, url);
  };

  const reset = (): void => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const fault of faults.list()) if (fault.type === 'down') faults.remove(fault.id);
    center = new ContactCenter(opts.fixtures);
    sessions.clear();
  };

  for (const spec of options.faults ?? []) {
    const valid = validateFaultSpec(spec);
    if (valid.type === 'down') initialDowns.set(events, [...(initialDowns.get(events) ?? []), valid]);
    else faults.add(valid);
  }

  return {
    handler: (req, res) => {
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) {
          const text = JSON.stringify({ statusCode: 4, statusMessage: 'Internal error' });
          res.writeHead(500, { 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(text)) });
          res.end(text);
        } else {
          res.destroy();
        }
      });
    },
    events,
    options: opts,
    faults,
    addFault,
    defects: () => [...defects],
    setDefects: (d) => {
      defects = new Set(validateDefects(d));
    },
    reset,
    authenticate: (headers) => authenticate(headers)?.user.fixture.id ?? null,
    dispose: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      notifications.close();
    },
    notifications,
  };
}

/** `down` faults given at build time take effect when the simulator starts listening. */
const initialDowns = new WeakMap<object, FaultSpec[]>();

/** Takes the build-time `down` faults of a simulator (once). */
export function takeInitialDowns(simulator: Simulator): FaultSpec[] {
  const downs = initialDowns.get(simulator.events) ?? [];
  initialDowns.delete(simulator.events);
  return downs;
}

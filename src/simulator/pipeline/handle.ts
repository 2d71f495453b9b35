import type { IncomingMessage, ServerResponse } from 'node:http';
import { ok, type Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { featureRefusal } from '../features.ts';
import type { NotificationEndpoint } from '../notifications/index.ts';
import { isAdmin, isSupervisor } from '../resources/views.ts';
import { isReply, type ResourceRoute } from '../resources/types.ts';
import { parseShapeQuery, type Json } from '../shapes.ts';
import type { Session } from '../state.ts';
import type { ActiveFault } from '../types.ts';
import { shapeReply, terminalAnswer } from './fault-stage.ts';
import { originOf, readBody, sessionIdOf, sleep } from './request.ts';
import type { CustomerRequest } from '../customer-chats.ts';
import type { Caller, Pipeline, SimulatorCore, WireAnswer } from './types.ts';

const SLOW_DEFECT_MS = 1500;

/** What lives outside the GWS resources: the control API, the CometD endpoint, the `down` fault. */
export interface Surroundings {
  control(method: string, pathname: string, bodyText: string | undefined): Reply;
  readonly notifications: NotificationEndpoint;
  /** The `down` fault is in force: connections are cut. */
  isDown(): boolean;
  /** The Customer Chat API, which takes no credentials; undefined for a path that is not its own. */
  customer?(request: CustomerRequest): Reply | undefined;
}

function send(res: ServerResponse, answer: WireAnswer): void {
  if (res.headersSent || res.destroyed || res.socket?.destroyed === true) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function isWire(value: unknown): value is WireAnswer {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'status');
}

function parseBody(text: string): { readonly json: Json } | Reply {
  if (text.trim() === '') return { json: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return errors.invalidInput('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return errors.invalidInput('Request body must be a JSON object');
  return { json: parsed as Json };
}

/** Builds the node request listener that runs every request through the pipeline. */
export function createRequestHandler(core: SimulatorCore, parts: Pipeline, outside: Surroundings): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { options } = core;
  const routes: readonly ResourceRoute[] = Object.values(parts.resources).flatMap((r) => r.routes);
  const notificationsPath = `${options.prefix}/notifications`;

  const cookieSession = (req: IncomingMessage): Session | undefined => core.sessions.get(sessionIdOf(req.headers));
  const answerApi = (res: ServerResponse, method: string, reply: Reply, caller: Partial<Caller> = {}, shaping: readonly ActiveFault[] = []): void => {
    const rewritten = shapeReply(parts.rewrite(reply, core.defects()), shaping);
    send(res, parts.envelope(rewritten, { api: true, method, session: caller.session, newSession: caller.newSession ?? false }, core));
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> => {
    if (`${originOf(req)}${req.url ?? ''}`.length > options.urlLimit) {
      await readBody(req, options.maxBodyBytes);
      answerApi(res, method, errors.urlTooLong(options.urlLimit, options.urlLimitHttpStatus));
      return;
    }
    const body = await readBody(req, options.maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (body.kind === 'too-large') {
      answerApi(res, method, errors.bodyTooLarge(options.maxBodyBytes));
      return;
    }
    const pathname = url.pathname;
    const underPrefix = pathname === options.prefix || pathname.startsWith(`${options.prefix}/`);
    const path = underPrefix ? pathname.slice(options.prefix.length) || '/' : pathname;

    const faults = parts.faults(path, method, core);
    if (faults.delayMs > 0) await sleep(faults.delayMs);
    if (core.defects().has('slow')) await sleep(SLOW_DEFECT_MS);
    // What the request did is done by now; only the answer waits (`latency` with `delays: answer`).
    const late = async (deliver: () => void): Promise<void> => {
      if (faults.answerDelayMs > 0) await sleep(faults.answerDelayMs);
      deliver();
    };
    if (faults.terminal !== undefined) {
      const answer = terminalAnswer(faults.terminal);
      await late(() => {
        if (answer === 'reset') req.socket.resetAndDestroy();
        else if (isWire(answer)) send(res, answer);
        else if (answer !== 'hang') answerApi(res, method, answer);
      });
      return;
    }
    const refuse = (reply: Reply): Promise<void> => late(() => answerApi(res, method, reply, { session: cookieSession(req) }, faults.shaping));
    if (!underPrefix) return refuse(errors.noResource(pathname));
    // The one call that needs no credentials [src: MAR].
    if (path === '/diagnostics/version') {
      return refuse(method === 'GET' ? ok({ version: options.version }) : errors.methodNotSupported(method, '/diagnostics/version', ['GET']));
    }
    // The Customer Chat API: no Authorization, the ContactCenterId header instead [src: CustomerChatRequestChat].
    const customer = outside.customer?.({ method, path, search: url.searchParams, headers: req.headers, bodyText: body.text, prefix: options.prefix });
    if (customer !== undefined) return refuse(customer);
    const caller = parts.authenticate({ method, headers: req.headers }, core);
    if (isReply(caller)) return refuse(caller);
    const answer = (reply: Reply): Promise<void> => late(() => answerApi(res, method, reply, caller, faults.shaping));
    const match = parts.route(path, routes);
    if (match === undefined) return answer(errors.noResource(path));
    const handler = method === 'GET' ? match.route.get : method === 'POST' ? match.route.post : undefined;
    if (handler === undefined) {
      const allow = [match.route.get === undefined ? '' : 'GET', match.route.post === undefined ? '' : 'POST'].filter((m) => m !== '');
      return answer(errors.methodNotSupported(method, match.route.pattern, allow));
    }
    const permitted = match.route.access === 'user' || (match.route.access === 'admin' ? isAdmin(caller.user) : isSupervisor(caller.user));
    if (!permitted && !core.defects().has('roles-not-enforced')) {
      return answer(errors.permissionDenied(options.roleDenialStatusCode));
    }
    const parsed = method === 'POST' ? parseBody(body.text) : { json: {} };
    if (isReply(parsed)) return answer(parsed);
    // A feature the contact center does not have: its reads are not found, its operations invalid [src: Features 8.5.1].
    const missing = featureRefusal(method, match.route.pattern, path, { params: match.params, body: parsed.json }, core.features);
    if (missing !== undefined) return answer(missing);
    const root = core.defects().has('relative-uris') ? options.prefix : `${originOf(req)}${options.prefix}`;
    core.center().apiRoot = root;
    const request = { user: caller.user, params: match.params, query: parseShapeQuery(url.searchParams), search: url.searchParams, root, body: parsed.json, defects: core.defects(), engine: core.engine, neverApply: faults.neverApply, features: core.features };
    const reply = handler(request, core.center());
    if (reply.body['statusCode'] === 0 && method === 'POST' && parsed.json['operationName'] === 'EndContactCenterSession') {
      // The HTTP session is gone [src: ECCS]: no new cookie on this answer.
      return late(() => answerApi(res, method, reply, { session: caller.session }, faults.shaping));
    }
    return answer(reply);
  };

  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (outside.isDown()) {
      req.socket.destroy();
      return;
    }
    let url: URL;
    try {
      if (!(req.url ?? '').startsWith('/')) throw new Error('not origin-form');
      url = new URL(`http://simulator${req.url ?? '/'}`);
    } catch {
      await readBody(req, options.maxBodyBytes);
      answerApi(res, method, errors.malformedUrl());
      return;
    }
    if (url.pathname === '/__simulator' || url.pathname.startsWith('/__simulator/')) {
      const body = await readBody(req, options.maxBodyBytes);
      // A call rung or a chat offered before any API request announces its URIs under this origin.
      if (!core.center().apiRoot.includes('://')) core.center().apiRoot = `${originOf(req)}${options.prefix}`;
      const reply = outside.control(method, url.pathname, body.kind === 'ok' ? body.text : undefined);
      send(res, parts.envelope(reply, { api: false, method, session: undefined, newSession: false }, core));
      return;
    }
    if (url.pathname === notificationsPath || url.pathname.startsWith(`${notificationsPath}/`)) {
      outside.notifications.handle(req, res);
      return;
    }
    await handleApi(req, res, method, url);
  };
}

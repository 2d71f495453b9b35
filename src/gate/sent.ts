import type { Credentials } from '../config/index.ts';
import type { Identity } from '../contracts/index.ts';
import type { ReportedRequest } from '../reporters/index.ts';
import type { GateRunContext } from './context.ts';
import { GateSession, type Exchange, type GateRequest } from './http.ts';

/** The request as the shared client sent it, credentials already masked, when the session reports it. */
interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** What the gate's own sessions note of a request beyond method and path. */
interface SendRecord {
  readonly body: unknown;
  readonly auth: NonNullable<GateRequest['auth']>;
  readonly headers: Readonly<Record<string, string>>;
}

type ObservedExchange = Exchange & { readonly sent?: SentRequest; readonly recorded?: SendRecord };

/** A session that keeps, on each exchange, the body and authentication it sent, for the reports. */
export class RecordingSession extends GateSession {
  constructor(server: ConstructorParameters<typeof GateSession>[0], private readonly identity: Credentials | undefined, timeoutMs: number) {
    super(server, identity, timeoutMs);
  }

  override async send(request: GateRequest): Promise<Exchange> {
    const exchange = await super.send(request);
    const recorded: SendRecord = {
      body: request.rawBody ?? request.body,
      auth: request.auth ?? (this.identity ? 'basic' : 'none'),
      headers: request.headers ?? {},
    };
    return { ...exchange, recorded } as ObservedExchange;
  }
}

function bodyText(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * The request as sent: the session's own record when it keeps one; otherwise rebuilt from what
 * the contract sent (method, path with query, body, authentication) with the headers every gate
 * request carries. Credential values are never copied, only where they went.
 */
export function sentRequest(context: GateRunContext, identity: Identity | undefined, exchange: Exchange, fallbackBody: unknown): ReportedRequest {
  const observed = exchange as ObservedExchange;
  const person = identity === 'admin' ? context.target.admin : identity === 'none' ? undefined : context.target.user;
  const credentials =
    person === undefined ? null : { username: person.username, passwordVariable: identity === 'admin' ? ('GWS_ADMIN_PASSWORD' as const) : ('GWS_PASSWORD' as const) };
  const { sent, recorded } = observed;
  if (sent !== undefined) {
    const authenticated = Object.keys(sent.headers).some((name) => name.toLowerCase() === 'authorization');
    return { method: sent.method, url: sent.url, headers: { ...sent.headers }, body: bodyText(sent.body), credentials: authenticated ? credentials : null };
  }
  const auth = recorded?.auth ?? (credentials !== null ? 'basic' : 'none');
  const text = bodyText(recorded?.body ?? fallbackBody);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(auth === 'basic' && credentials !== null ? { Authorization: 'Basic ***' } : {}),
    ...(auth === 'session' ? { Cookie: 'JSESSIONID=***' } : {}),
    ...(text !== null ? { 'Content-Type': 'application/json' } : {}),
    ...recorded?.headers,
  };
  return { method: exchange.request.method, url: `${context.target.baseUrl}${exchange.request.path}`, headers, body: text, credentials: auth === 'basic' ? credentials : null };
}

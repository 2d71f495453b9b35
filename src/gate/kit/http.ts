import { createClient, type ClientOptions, type GwsClient, type RequestOptions, type SentRequest } from '../../client/index.ts';
import type { HttpMethod, ObservedResponse } from '../../contracts/index.ts';
import type { Credentials, GateTarget } from '../../config/index.ts';

/** What a spec sends: the client's request without its transport knobs (timeout, URL guard, re-login). */
export type GateRequest = Pick<RequestOptions, 'method' | 'path' | 'query' | 'body' | 'rawBody' | 'auth' | 'headers' | 'withoutCsrf'>;

/** One request and what came back. */
export interface Exchange {
  readonly request: { readonly method: HttpMethod; readonly path: string };
  readonly response: ObservedResponse;
  /** The request as it went over the wire (full URL, headers with credentials masked, body). */
  readonly sent?: SentRequest;
  /** The login whose Basic credentials the session holds: whose password a reproduction needs. */
  readonly sentAs?: string;
}

/** One request as a session sent it, and who sent it. */
export interface ObservedSend {
  readonly sentAs: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** What came back for a request: the statusCode of its body, or nothing at all (no answer). */
export type SendOutcome = { readonly kind: 'answered'; readonly statusCode: unknown; readonly body: unknown } | { readonly kind: 'no-answer' };

/** Told of every request a session sent and what came back. */
export type SendObserver = (request: ObservedSend, outcome: SendOutcome) => void;

/** How a session talks: the client's size cap and clock, and who is told of each request. */
export type SessionOptions = Pick<ClientOptions, 'maxBodyBytes' | 'now'> & { readonly observer?: SendObserver };

/** No HTTP answer to judge: a timeout, a refused or reset connection, or a body over the size cap. */
export class GateRequestError extends Error {
  override readonly name = 'GateRequestError';
}

function queryString(query: Readonly<Record<string, string>> | undefined): string {
  if (query === undefined || Object.keys(query).length === 0) return '';
  return `?${new URLSearchParams(query).toString()}`;
}

/** Path plus query, as reports show it. */
export function requestTarget(request: Pick<GateRequest, 'path' | 'query'>): string {
  return `${request.path}${queryString(request.query)}`;
}

/**
 * One identity's conversation with GWS, over the same client the prober uses: Basic credentials,
 * the JSESSIONID cookie with its expiry, and the CSRF token that PUT/POST/DELETE carry
 * [src: CSRFAPI]. The gate observes the server, so it sends what a spec asks for, a URL over the
 * 2000-character limit included, and a request relying on the session alone is never retried with
 * Basic: its answer is what the contract is about. The observed exchange goes to judge() through
 * `Gate.expect`.
 */
export class GateSession {
  private readonly client: GwsClient;
  private readonly observer: SendObserver | undefined;

  /** `server`: the API root, or a target whose TLS settings the connection uses too. */
  constructor(
    server: string | Pick<GateTarget, 'baseUrl' | 'tls'>,
    private readonly credentials: Credentials | undefined,
    timeoutMs: number,
    options: SessionOptions = {},
  ) {
    const { observer, ...wire } = options;
    this.observer = observer;
    const { baseUrl, tls } = typeof server === 'string' ? { baseUrl: server, tls: undefined } : server;
    this.client = createClient({
      ...wire,
      baseUrl,
      ...(tls ? { tls } : {}),
      ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
      timeoutMs,
    });
  }

  /** The session cookie (`JSESSIONID=...`) this identity holds, if any. */
  get sessionCookie(): string | undefined {
    const { cookie } = this.client.session();
    return cookie === undefined ? undefined : `JSESSIONID=${cookie}`;
  }

  /** The CSRF header name and token the server handed out, if any. */
  get csrfToken(): { readonly header: string; readonly token: string } | undefined {
    return this.client.session().csrf;
  }

  /** Forget cookie and token, as after EndContactCenterSession. */
  reset(): void {
    this.client.resetSession();
  }

  async send(request: GateRequest): Promise<Exchange> {
    const sent: ObservedSend = { sentAs: this.credentials?.username, method: request.method, path: request.path, body: request.body };
    try {
      const exchange = await this.exchange(request);
      this.observer?.(sent, { kind: 'answered', statusCode: (exchange.response.body as { statusCode?: unknown } | undefined)?.statusCode, body: exchange.response.body });
      return exchange;
    } catch (error) {
      this.observer?.(sent, { kind: 'no-answer' });
      throw error;
    }
  }

  private async exchange(request: GateRequest): Promise<Exchange> {
    const target = requestTarget(request);
    let result;
    try {
      result = await this.client.request({
        method: request.method,
        path: request.path,
        ...(request.query !== undefined ? { query: request.query } : {}),
        ...(request.body !== undefined ? { body: request.body } : {}),
        ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
        ...(request.headers !== undefined ? { headers: request.headers } : {}),
        auth: request.auth ?? (this.credentials ? 'basic' : 'none'),
        withoutCsrf: request.withoutCsrf === true,
        relogin: false,
        allowLongUrl: true,
      });
    } catch (error) {
      throw new GateRequestError(`${request.method} ${target}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (result.kind !== 'response') throw new GateRequestError(`${request.method} ${target}: ${result.kind}: ${result.error}`);
    return {
      request: { method: request.method, path: target },
      response: result.response,
      ...(result.sent !== undefined ? { sent: result.sent } : {}),
      ...(this.credentials !== undefined ? { sentAs: this.credentials.username } : {}),
    };
  }
}

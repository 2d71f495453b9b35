import { performance } from 'node:perf_hooks';
import type { HttpMethod } from '../contracts/index.ts';
import { ownWire } from './pool.ts';
import { maskHeaders } from './redact.ts';
import { SessionJar, type SessionState } from './session.ts';
import type { ClientOptions, ClientResult, RequestOptions, RetryReason, SentRequest, TlsOptions } from './types.ts';
import { exchange, type Wire, type WireResult } from './wire.ts';

/** GWS rejects request URLs longer than this [src: MAR 8.5.2]. */
export const MAX_URL_LENGTH = 2000;

const DEFAULT_TIMEOUT_MS = 5000;
/** Far above any GWS answer (a few KB), far below what would strain the process. */
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** CSRF protection asks for the token on every PUT, POST and DELETE, never on GET [src: CSRFAPI]. */
const UNSAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'DELETE']);
/** GWS refuses a missing or wrong token with HTTP 403 and this text [src: CSRFAPI]. */
const CSRF_REFUSAL = /missing or invalid csrf token/i;
/** The CSRF page fetches a token with a GET of /api/v2/me [src: CSRFAPI]. */
const CSRF_TOKEN_PATH = '/me';
/** "User is not authenticated; later requests must supply credentials" [src: RV852]. */
const NOT_AUTHENTICATED = 20;

type Auth = NonNullable<RequestOptions['auth']>;

export interface GwsClient {
  readonly baseUrl: string;
  /**
   * Sends one request under one deadline (headers, body and any retry). Resolves for every network
   * condition (timeout, refused, reset, too large); rejects only for a caller error (a URL over
   * 2000 characters without `allowLongUrl`).
   *
   * It sends a request a second time, once, in two cases, and says so in `retried`:
   * - session-lost: a request relying on the session (auth `session`, `relogin` not false) is
   *   answered statusCode 20 while the client holds credentials. The server no longer knows the
   *   session (expired, or ended by EndContactCenterSession [src: ECCS]); the client forgets it and
   *   sends the request again with Basic, which starts a new one.
   * - csrf-token: a PUT, POST or DELETE with credentials or a session (not `withoutCsrf`) is
   *   answered HTTP 403 "Missing or invalid Csrf token" [src: CSRFAPI]. The token was missing or
   *   belonged to a session the server dropped; GWS changed nothing, so the client sends the
   *   request again with the token the refusal handed out or, when it handed out none, with one
   *   fetched by GET /me (no retry when that GET yields none).
   * A request that carried Basic and got statusCode 20 is not retried: its credentials are wrong.
   */
  request(opts: RequestOptions): Promise<ClientResult>;
  /** Forgets JSESSIONID and the CSRF token. */
  resetSession(): void;
  /** The session cookie value and CSRF token held now (an expired cookie is gone). */
  session(): SessionState;
  /** Closes its keep-alive connections (not a pool's: its owner closes those); the client stays usable. */
  close(): void;
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`base URL ${JSON.stringify(baseUrl)} is not an http(s) URL (expected e.g. http://host:8080/api/v2)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`base URL ${JSON.stringify(baseUrl)} is not an http(s) URL (expected e.g. http://host:8080/api/v2)`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error('base URL must not carry credentials (pass username and password instead)');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new Error(`base URL ${url.origin}${url.pathname} must not carry a query or fragment`);
  }
  return url;
}

/** Basic credentials are encoded as ISO-8859-1, as GWS clients do [src: CODE-NET]. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'latin1').toString('base64')}`;
}

function statusCodeOf(body: unknown): unknown {
  return body !== null && typeof body === 'object' ? (body as { statusCode?: unknown }).statusCode : undefined;
}

/** The target's TLS settings; an explicit `tls.ca` wins over the older top-level `ca`. */
function tlsOf(options: ClientOptions): TlsOptions {
  const ca = options.tls?.ca ?? options.ca;
  return { ...options.tls, ...(ca !== undefined ? { ca } : {}) };
}

export function createClient(options: ClientOptions): GwsClient {
  const root = parseBaseUrl(options.baseUrl);
  const baseUrl = `${root.origin}${root.pathname.replace(/\/+$/, '')}`;
  const keepSession = options.keepSession ?? true;
  const hasCredentials = options.username !== undefined;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const pool = options.connections;
  const wire: Wire = pool === undefined ? ownWire(root, tlsOf(options)) : pool.wireFor(root, tlsOf(options));
  const jar = new SessionJar(options.now ?? Date.now);

  function buildUrl(path: string, query: RequestOptions['query']): URL {
    const url = new URL(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.append(name, value);
    return url;
  }

  function buildHeaders(method: HttpMethod, auth: Auth, body: string | undefined, opts: Partial<RequestOptions>): { headers: Record<string, string>; csrfHeader?: string } {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth === 'basic' && hasCredentials) headers['authorization'] = basicAuthorization(options.username ?? '', options.password ?? '');
    const state = auth === 'none' ? {} : jar.state();
    if (state.cookie !== undefined) headers['cookie'] = `JSESSIONID=${state.cookie}`;
    if (state.csrf !== undefined && UNSAFE_METHODS.has(method) && opts.withoutCsrf !== true) {
      headers[state.csrf.header.toLowerCase()] = state.csrf.token;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;
    return { headers, ...(state.csrf !== undefined ? { csrfHeader: state.csrf.header } : {}) };
  }

  async function attempt(
    method: HttpMethod,
    url: URL,
    body: string | undefined,
    auth: Auth,
    opts: Partial<RequestOptions>,
    timeoutMs: number,
  ): Promise<{ result: WireResult; sent: SentRequest; csrfToken: string | undefined }> {
    const { headers, csrfHeader } = buildHeaders(method, auth, body, opts);
    const csrfToken = csrfHeader === undefined ? undefined : headers[csrfHeader.toLowerCase()];
    const sent: SentRequest = { method, url: url.href, headers: maskHeaders(headers, csrfHeader), body };
    const result = await exchange(wire, {
      method,
      url,
      headers,
      body,
      timeoutMs,
      maxBodyBytes,
      onHeaders: (received) => {
        if (keepSession && auth !== 'none') jar.remember(received);
      },
    });
    return { result, sent, csrfToken };
  }

  async function request(opts: RequestOptions): Promise<ClientResult> {
    const url = buildUrl(opts.path, opts.query);
    if (url.href.length > MAX_URL_LENGTH && opts.allowLongUrl !== true) {
      throw new RangeError(
        `request URL is ${url.href.length} characters, over GWS's ${MAX_URL_LENGTH}-character limit (allowLongUrl sends it anyway)`,
      );
    }
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const auth: Auth = opts.auth ?? (hasCredentials ? 'basic' : 'none');
    const timeoutMs = opts.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const startedAt = performance.now();
    const left = (): number => Math.floor(timeoutMs - (performance.now() - startedAt));

    let last = await attempt(opts.method, url, body, auth, opts, timeoutMs);
    const firstStartedAt = last.result.startedAt;
    let retried: RetryReason | undefined;
    const answer = last.result.kind === 'response' ? last.result.response : undefined;
    if (answer !== undefined && left() > 0) {
      const sessionLost = auth === 'session' && opts.relogin !== false && hasCredentials && statusCodeOf(answer.body) === NOT_AUTHENTICATED;
      const csrfRefused =
        keepSession &&
        UNSAFE_METHODS.has(opts.method) &&
        opts.withoutCsrf !== true &&
        ((auth === 'basic' && hasCredentials) || (auth === 'session' && jar.state().cookie !== undefined)) &&
        answer.httpStatus === 403 &&
        CSRF_REFUSAL.test(answer.rawBody);
      if (sessionLost) {
        jar.forget();
        retried = 'session-lost';
        last = await attempt(opts.method, url, body, 'basic', opts, left());
      } else if (csrfRefused) {
        // A refusal that hands out a new token (a rotation) needs no GET to fetch one.
        const handedOut = jar.state().csrf?.token;
        if (handedOut === undefined || handedOut === last.csrfToken) {
          jar.forgetToken();
          await attempt('GET', buildUrl(CSRF_TOKEN_PATH, undefined), undefined, auth, {}, left());
        }
        if (jar.state().csrf !== undefined && left() > 0) {
          retried = 'csrf-token';
          last = await attempt(opts.method, url, body, auth, opts, left());
        }
      }
    }
    const { result, sent } = last;
    // The request's time on the wire, from its first attempt's start to its last answer's last byte:
    // building headers before it and parsing the answer after it are the prober's time, not the server's.
    const timings = { ...result.timings, total: (result.startedAt - firstStartedAt) / 1000 + result.timings.total };
    const extra = { timings, sent, ...(retried !== undefined ? { retried } : {}), ...(result.certNotAfter !== undefined ? { certNotAfter: result.certNotAfter } : {}) };
    if (result.kind === 'response') return { kind: 'response', response: { ...result.response, durationMs: timings.total * 1000 }, ...extra };
    // A retry ran on what was left of the deadline; the failure names the deadline the caller set.
    const error = result.kind === 'timeout' ? `no complete response within ${timeoutMs} ms` : result.error;
    return { kind: result.kind, error, ...extra };
  }

  return {
    baseUrl,
    request,
    resetSession: () => jar.forget(),
    session: () => jar.state(),
    close(): void {
      // Shared connections are the pool's, closed by its owner.
      if (pool === undefined) wire.agent.destroy();
    },
  };
}

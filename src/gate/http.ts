import pactum from 'pactum';
import type { HttpMethod, ObservedResponse } from '../contracts/index.ts';
import type { Credentials } from '../config/index.ts';

// pactum prints failed requests, headers included, at its default level; the gate reports itself.
pactum.settings.setLogLevel('SILENT');

export interface GateRequest {
  readonly method: HttpMethod;
  /** Path relative to the API root, already expanded (`/me/devices`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Sent exactly as given, with Content-Type application/json (malformed-input contracts). */
  readonly rawBody?: string;
  /** basic: Authorization header (and the session cookie); session: cookie only; none: neither. */
  readonly auth?: 'basic' | 'session' | 'none';
  readonly headers?: Readonly<Record<string, string>>;
  /** Leave out the CSRF token even when one is known (CSRF contracts). */
  readonly withoutCsrf?: boolean;
}

/** One request and what came back. */
export interface Exchange {
  readonly request: { readonly method: HttpMethod; readonly path: string };
  readonly response: ObservedResponse;
}

export class GateRequestError extends Error {
  override readonly name = 'GateRequestError';
}

interface PactumResponse {
  statusCode?: number;
  headers?: Record<string, string | string[] | undefined>;
  text?: string;
  json?: unknown;
  responseTime?: number;
  code?: string;
  message?: string;
}

function queryString(query: Readonly<Record<string, string>> | undefined): string {
  if (query === undefined || Object.keys(query).length === 0) return '';
  return `?${new URLSearchParams(query).toString()}`;
}

/** Path plus query, as reports show it. */
export function requestTarget(request: Pick<GateRequest, 'path' | 'query'>): string {
  return `${request.path}${queryString(request.query)}`;
}

function flattenHeaders(headers: PactumResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * One identity's conversation with GWS over pactum: Basic credentials, the JSESSIONID cookie and,
 * when the server hands one out, the CSRF token that PUT/POST/DELETE must carry [src: CSRFAPI].
 */
export class GateSession {
  private cookie: string | undefined;
  private csrf: { header: string; token: string } | undefined;
  private primed = false;

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Credentials | undefined,
    private readonly timeoutMs: number,
  ) {}

  /** The session cookie (`JSESSIONID=...`) this identity holds, if any. */
  get sessionCookie(): string | undefined {
    return this.cookie;
  }

  /** The CSRF header name and token the server handed out, if any. */
  get csrfToken(): { readonly header: string; readonly token: string } | undefined {
    return this.csrf;
  }

  /** Forget cookie and token, as after EndContactCenterSession. */
  reset(): void {
    this.cookie = undefined;
    this.csrf = undefined;
    this.primed = false;
  }

  async send(request: GateRequest): Promise<Exchange> {
    const auth = request.auth ?? (this.credentials ? 'basic' : 'none');
    // A CSRF-protected server hands out its token on GET; fetch it before the first change [src: CSRFAPI].
    if (request.method !== 'GET' && auth !== 'none' && !this.primed && this.credentials) {
      await this.send({ method: 'GET', path: '/me' });
    }
    const url = `${this.baseUrl}${requestTarget(request)}`;
    let spec = pactum.spec().withMethod(request.method).withPath(url).withRequestTimeout(this.timeoutMs);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (auth === 'basic' && this.credentials) spec = spec.withAuth(this.credentials.username, this.credentials.password);
    if (auth !== 'none' && this.cookie) headers.Cookie = this.cookie;
    if (auth !== 'none' && this.csrf && request.method !== 'GET' && request.withoutCsrf !== true) {
      headers[this.csrf.header] = this.csrf.token;
    }
    if (request.rawBody !== undefined) {
      headers['Content-Type'] = 'application/json';
      spec = spec.withBody(request.rawBody);
    } else if (request.body !== undefined) {
      spec = spec.withJson(request.body as object);
    }
    spec = spec.withHeaders({ ...headers, ...(request.headers ?? {}) });
    const started = performance.now();
    let raw: PactumResponse;
    try {
      raw = (await spec.toss()) as PactumResponse;
    } catch (error) {
      throw new GateRequestError(`${request.method} ${request.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const durationMs = Math.round(performance.now() - started);
    if (typeof raw.statusCode !== 'number') {
      throw new GateRequestError(`${request.method} ${request.path}: no HTTP response (${raw.code ?? raw.message ?? 'unknown error'})`);
    }
    const responseHeaders = flattenHeaders(raw.headers);
    if (auth !== 'none') this.remember(raw.headers, request.method);
    const rawBody = raw.text ?? '';
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : (JSON.parse(rawBody) as unknown);
    } catch {
      body = undefined;
    }
    return {
      request: { method: request.method, path: requestTarget(request) },
      response: { httpStatus: raw.statusCode, headers: responseHeaders, rawBody, body, durationMs },
    };
  }

  private remember(headers: PactumResponse['headers'], method: HttpMethod): void {
    const setCookie = headers?.['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const match = /^\s*(JSESSIONID=[^;]*)/i.exec(line);
      if (match?.[1]) this.cookie = match[1];
    }
    const headerName = headers?.['x-csrf-header'];
    const token = headers?.['x-csrf-token'];
    if (typeof headerName === 'string' && typeof token === 'string' && token !== '') {
      this.csrf = { header: headerName, token };
    }
    if (method === 'GET') this.primed = true;
  }
}

import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ObservedResponse } from '../contracts/types.ts';
import type { ClientFailure, ClientOptions, ClientResult, PhaseTimings, RequestOptions } from './types.ts';

/** GWS rejects request URLs longer than this [src: MAR 8.5.2]. */
export const MAX_URL_LENGTH = 2000;

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The CSRF token travels in the header X-CSRF-HEADER names, X-CSRF-TOKEN unless told [src: CSRFAPI]. */
const DEFAULT_CSRF_HEADER = 'X-CSRF-TOKEN';
const IDLE_SOCKET_MS = 4000;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'DELETE']);

export interface GwsClient {
  readonly baseUrl: string;
  /**
   * Sends one request. Resolves for every network condition (timeout, refused, reset, too large);
   * rejects only for a caller error (a URL over 2000 characters without `allowLongUrl`).
   */
  request(opts: RequestOptions): Promise<ClientResult>;
  /** Forgets JSESSIONID and the CSRF token. */
  resetSession(): void;
  csrfToken(): string | undefined;
  /** Closes idle keep-alive connections; the client stays usable. */
  close(): void;
}

interface Session {
  cookie: string | undefined;
  csrfHeader: string;
  csrfToken: string | undefined;
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

function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const text = headerValue(value);
    if (text !== undefined) out[name.toLowerCase()] = text;
  }
  return out;
}

/** The JSESSIONID value a Set-Cookie list carries: a string, '' when the server expires it, or undefined. */
function sessionCookie(setCookie: readonly string[] | undefined): string | undefined {
  let found: string | undefined;
  for (const line of setCookie ?? []) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== 'JSESSIONID') continue;
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
    found = expired ? '' : value;
  }
  return found;
}

function networkError(error: unknown, target: URL): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
  const reason = code ?? (error instanceof Error ? error.message : 'connection failed');
  return `${reason} ${target.hostname}:${port}`;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createClient(options: ClientOptions): GwsClient {
  const root = parseBaseUrl(options.baseUrl);
  const baseUrl = `${root.origin}${root.pathname.replace(/\/+$/, '')}`;
  const keepSession = options.keepSession ?? true;
  const transport = root.protocol === 'https:' ? https : http;
  // Idle keep-alive sockets are dropped before common server idle timeouts (5 s in Node, more in
  // Jetty) so that a reused socket is rarely one the server is closing at that moment.
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_MS, ...(options.ca === undefined ? {} : { ca: options.ca }) };
  const agent: http.Agent = root.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const session: Session = { cookie: undefined, csrfHeader: DEFAULT_CSRF_HEADER, csrfToken: undefined };

  function remember(headers: http.IncomingHttpHeaders): void {
    if (!keepSession) return;
    const cookie = sessionCookie(headers['set-cookie']);
    if (cookie !== undefined) session.cookie = cookie === '' ? undefined : cookie;
    const token = headerValue(headers['x-csrf-token']);
    if (token !== undefined && token !== '') session.csrfToken = token;
    const name = headerValue(headers['x-csrf-header']);
    if (name !== undefined && /^[A-Za-z0-9-]+$/.test(name)) session.csrfHeader = name;
  }

  function buildUrl(opts: RequestOptions): URL {
    const path = opts.path.startsWith('/') ? opts.path : `/${opts.path}`;
    const url = new URL(`${baseUrl}${path}`);
    for (const [name, value] of Object.entries(opts.query ?? {})) url.searchParams.append(name, value);
    return url;
  }

  function buildHeaders(opts: RequestOptions, body: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const auth = opts.auth ?? (options.username !== undefined ? 'basic' : 'none');
    if (auth === 'basic' && options.username !== undefined) {
      headers['authorization'] = basicAuthorization(options.username, options.password ?? '');
    }
    if (auth !== 'none') {
      if (session.cookie !== undefined) headers['cookie'] = `JSESSIONID=${session.cookie}`;
      // CSRF protection asks for the token on every PUT, POST and DELETE [src: CSRFAPI].
      if (session.csrfToken !== undefined && UNSAFE_METHODS.has(opts.method)) {
        headers[session.csrfHeader.toLowerCase()] = session.csrfToken;
      }
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;
    return headers;
  }

  function request(opts: RequestOptions): Promise<ClientResult> {
    const url = buildUrl(opts);
    if (url.href.length > MAX_URL_LENGTH && opts.allowLongUrl !== true) {
      return Promise.reject(
        new RangeError(
          `request URL is ${url.href.length} characters, over GWS's ${MAX_URL_LENGTH}-character limit (allowLongUrl sends it anyway)`,
        ),
      );
    }
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const headers = buildHeaders(opts, body);
    const timeoutMs = opts.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

    return new Promise<ClientResult>((resolve) => {
      const startedAt = performance.now();
      let connectedAt: number | undefined;
      let secureAt: number | undefined;
      let reused: boolean | undefined;
      let writtenAt: number | undefined;
      let firstByteAt: number | undefined;
      let settled = false;

      const timings = (endAt: number): PhaseTimings => {
        const ready = secureAt ?? connectedAt ?? startedAt;
        const sent = Math.max(writtenAt ?? ready, ready);
        const seconds = (ms: number): number => Math.max(0, ms) / 1000;
        return {
          connect: reused === true || connectedAt === undefined ? 0 : seconds(connectedAt - startedAt),
          tls: reused === true || secureAt === undefined || connectedAt === undefined ? 0 : seconds(secureAt - connectedAt),
          processing: firstByteAt === undefined ? 0 : seconds(firstByteAt - sent),
          transfer: firstByteAt === undefined ? 0 : seconds(endAt - firstByteAt),
          total: seconds(endAt - startedAt),
          ...(reused === undefined ? {} : { reused }),
        };
      };
      const fail = (kind: ClientFailure, error: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve({ kind, error, timings: timings(performance.now()) });
      };

      const req = transport.request(url, { method: opts.method, headers, agent });
      const timer = setTimeout(() => fail('timeout', `no complete response within ${timeoutMs} ms`), timeoutMs);

      req.on('socket', (socket: Socket) => {
        reused = !socket.connecting;
        if (!socket.connecting) {
          connectedAt = performance.now();
          return;
        }
        socket.once('connect', () => {
          connectedAt = performance.now();
        });
        socket.once('secureConnect', () => {
          secureAt = performance.now();
        });
      });
      req.on('finish', () => {
        writtenAt = performance.now();
      });
      req.on('error', (error) => fail('network_error', networkError(error, url)));
      req.on('response', (res) => {
        firstByteAt = performance.now();
        remember(res.headers);
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBodyBytes) {
          fail('too_large', `response body of ${declared} bytes is over the ${maxBodyBytes}-byte limit`);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            fail('too_large', `response body is over the ${maxBodyBytes}-byte limit`);
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error) => fail('network_error', networkError(error, url)));
        res.on('aborted', () => fail('network_error', networkError({ code: 'ECONNRESET' }, url)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const endAt = performance.now();
          const rawBody = Buffer.concat(chunks).toString('utf8');
          const phaseTimings = timings(endAt);
          const response: ObservedResponse = {
            httpStatus: res.statusCode ?? 0,
            headers: flattenHeaders(res.headers),
            rawBody,
            body: parseJson(rawBody),
            durationMs: phaseTimings.total * 1000,
          };
          resolve({ kind: 'response', response, timings: phaseTimings });
        });
      });
      req.end(body);
    });
  }

  return {
    baseUrl,
    request,
    resetSession(): void {
      session.cookie = undefined;
      session.csrfToken = undefined;
      session.csrfHeader = DEFAULT_CSRF_HEADER;
    },
    csrfToken: () => session.csrfToken,
    close(): void {
      agent.destroy();
    },
  };
}

import { maskHeaders, type ClientResult } from '../client/index.ts';
import type { Identity, ObservedResponse } from '../contracts/index.ts';
import type { ReportedExchange, ReportedRequest } from '../reporters/index.ts';
import { NOT_APPLICABLE, type ProbeResult } from './types.ts';

/** Who a request's Basic credentials are for, and the variable a reproduction takes the password from. */
export type Login = NonNullable<ReportedRequest['credentials']>;

/** How much of an answer a failed run keeps. */
export interface ExchangeLimits {
  /** A longer body is kept as its first bytes of raw text. */
  readonly bodyBytes: number;
  /** A longer header value is kept as its first bytes, ending in `…`. */
  readonly headerBytes: number;
}

/** A failed run is kept beside the last runs of every probe: its answer must stay small however large the server's was. */
export const DEFAULT_EXCHANGE_LIMITS: ExchangeLimits = Object.freeze({ bodyBytes: 16 * 1024, headerBytes: 1024 });

/** What the exchange needs beside the client's result. */
export interface ExchangeContext {
  /** The API root the client sends to (`GwsClient.baseUrl`): the exchange's path is what follows it. */
  readonly baseUrl: string;
  /** The login of the client that sent it; a request sent without Basic credentials shows none. */
  readonly login?: Login | undefined;
  readonly limits?: ExchangeLimits | undefined;
}

/** The login of a target's user or admin, as a reproduction names its password. */
export function loginOf(identity: Identity, username: string | undefined): Login | undefined {
  if (username === undefined || identity === 'none') return undefined;
  return { username, passwordVariable: identity === 'admin' ? 'GWS_ADMIN_PASSWORD' : 'GWS_PASSWORD' };
}

/** How a failed run reports a request of a test agent's client (the state-change, synthetic-call and synthetic-chat probes). */
export function agentExchange(ctx: { readonly client: { readonly baseUrl: string }; readonly username?: string | undefined; readonly exchangeLimits?: ExchangeLimits | undefined }): ExchangeContext {
  return { baseUrl: ctx.client.baseUrl, login: loginOf('user', ctx.username), limits: ctx.exchangeLimits };
}

/** The first `maxBytes` bytes of `text` as UTF-8, never ending inside a character. */
export function cutUtf8(text: string, maxBytes: number): { readonly text: string; readonly bytes: number } {
  // Every character takes a byte at least, so no more than maxBytes of them are ever needed.
  const bytes = Buffer.from(text.slice(0, Math.max(0, maxBytes)), 'utf8');
  let end = Math.min(Math.max(0, maxBytes), bytes.length);
  // A continuation byte (10xxxxxx) at the cut means the character before it was split.
  while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { text: bytes.subarray(0, end).toString('utf8'), bytes: end };
}

function cutValue(value: string, limits: ExchangeLimits): string {
  return Buffer.byteLength(value) <= limits.headerBytes ? value : `${cutUtf8(value, limits.headerBytes).text}…`;
}

/**
 * Response headers as a page may show them: the client's masking (the session cookie, and the CSRF
 * token in the header `X-CSRF-HEADER` names [src: CSRFAPI]), long values cut.
 */
function shownResponseHeaders(headers: Readonly<Record<string, string>>, limits: ExchangeLimits): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(maskHeaders(headers, headers['x-csrf-header']))) out[name.toLowerCase()] = cutValue(value, limits);
  return out;
}

/** The parsed JSON when it is JSON and within the limit, the raw text otherwise: cut, and saying so, when over it. */
function shownBody(response: ObservedResponse, limits: ExchangeLimits): Pick<ReportedExchange, 'body' | 'bodyTruncated'> {
  const totalBytes = Buffer.byteLength(response.rawBody);
  if (totalBytes <= limits.bodyBytes) return { body: response.body !== undefined ? response.body : response.rawBody };
  const cut = cutUtf8(response.rawBody, limits.bodyBytes);
  return { body: cut.text, bodyTruncated: { shownBytes: cut.bytes, totalBytes } };
}

function relativePath(url: string, baseUrl: string): string {
  const root = baseUrl.replace(/\/+$/, '');
  if (url.startsWith(`${root}/`) || url.startsWith(`${root}?`)) return url.slice(root.length);
  return url === root ? '/' : url;
}

/**
 * A request and its answer as a failed run reports them: the request as the client sent it
 * (credentials already masked there) with the login a `curl` reproduction names, the HTTP status,
 * content type, headers and body of the answer. No answer (a timeout, a refused connection, a TLS
 * failure, a body over the client's limit) leaves `httpStatus` null and the body null. Undefined
 * when the client did not report what it sent (a stand-in client in a test).
 */
export function reportedExchange(result: ClientResult, context: ExchangeContext): ReportedExchange | undefined {
  const { sent } = result;
  if (sent === undefined) return undefined;
  const limits = context.limits ?? DEFAULT_EXCHANGE_LIMITS;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent.headers)) headers[name] = cutValue(value, limits);
  const authenticated = Object.keys(sent.headers).some((name) => name.toLowerCase() === 'authorization');
  const request: ReportedRequest = {
    method: sent.method,
    url: sent.url,
    headers,
    body: sent.body ?? null,
    credentials: authenticated ? (context.login ?? null) : null,
  };
  const about = { request, method: sent.method, path: relativePath(sent.url, context.baseUrl) };
  if (result.kind !== 'response') {
    return { ...about, httpStatus: null, contentType: null, body: null, latencyMs: result.timings.total * 1000 };
  }
  const { response } = result;
  return {
    ...about,
    httpStatus: response.httpStatus,
    contentType: response.headers['content-type'] ?? null,
    ...shownBody(response, limits),
    latencyMs: response.durationMs,
    responseHeaders: shownResponseHeaders(response.headers, limits),
  };
}

/**
 * `{ exchange }` for a run that failed, `{}` for one that held or found nothing to probe: a failed
 * run is kept with its answer, and only a failed one (thousands of probes hold every minute).
 */
export function exchangeOfFailure(
  run: Pick<ProbeResult, 'ok' | 'outcome'>,
  result: ClientResult | undefined,
  context: ExchangeContext,
): Pick<ProbeResult, 'exchange'> {
  if (run.ok || run.outcome === NOT_APPLICABLE || result === undefined) return {};
  const exchange = reportedExchange(result, context);
  return exchange === undefined ? {} : { exchange };
}

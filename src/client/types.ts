import type { HttpMethod, ObservedResponse } from '../contracts/index.ts';
import type { ConnectionPool } from './pool.ts';

export interface ClientOptions {
  /** API root, e.g. http://host:8080/api/v2 */
  readonly baseUrl: string;
  readonly username?: string;
  readonly password?: string;
  /** One deadline per request, covering connect, headers, body and any retry (default 5000). */
  readonly timeoutMs?: number;
  /** Bodies larger than this end the request as too_large (default 4 MiB). */
  readonly maxBodyBytes?: number;
  /** Keep JSESSIONID and the CSRF token between requests (default true). */
  readonly keepSession?: boolean;
  /** PEM certificate(s) to trust for https instead of the default CAs (a GWS with an internal CA). */
  readonly ca?: string;
  /** Client certificate, hostname and verification settings for https. */
  readonly tls?: TlsOptions;
  /** Connections shared with other clients of the same server and TLS settings (default: the client's own). */
  readonly connections?: ConnectionPool;
  /** Wall clock in ms, for cookie expiry (default Date.now). */
  readonly now?: () => number;
}

/** TLS settings of one target, the files already read. */
export interface TlsOptions {
  /** PEM certificate(s) to trust instead of the default CAs. */
  readonly ca?: string;
  /** PEM client certificate and its key, for a server that asks for one (mutual TLS). */
  readonly cert?: string;
  readonly key?: string;
  /** Accept any certificate: the connection is encrypted but the server unauthenticated. */
  readonly insecureSkipVerify?: boolean;
  /** The name the certificate must carry (and the SNI sent), when it differs from the URL's host. */
  readonly serverName?: string;
}

export interface RequestOptions {
  readonly method: HttpMethod;
  /** Path relative to the API root (`/me/devices`), already expanded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Send the body exactly as given (for malformed-input contracts). */
  readonly rawBody?: string;
  /**
   * basic: Authorization header plus the session cookie; session: the session cookie only (the
   * request relies on the session); none: neither. Default basic when credentials exist.
   */
  readonly auth?: 'basic' | 'session' | 'none';
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Send a URL longer than GWS's documented 2000-character limit (for the negative contract). */
  readonly allowLongUrl?: boolean;
  /** Leave out the CSRF token even when one is known, and take a CSRF refusal as it comes. */
  readonly withoutCsrf?: boolean;
  /** With auth `session`: log in again with Basic when the server no longer knows the session (default true). */
  readonly relogin?: boolean;
}

/** Phases of one request, in seconds, as the prober exports them. */
export interface PhaseTimings {
  readonly connect: number;
  readonly tls: number;
  /** Time to first byte after the request was written. */
  readonly processing: number;
  readonly transfer: number;
  /**
   * The whole request on the wire, a retry included: from the first attempt's hand-over to Node's
   * HTTP client to the last byte of the answer (or the failure). Building the request before it and
   * reading the answer's JSON after it are not in it.
   */
  readonly total: number;
  /** The request went out on a keep-alive connection opened earlier; absent when no socket was assigned. */
  readonly reused?: boolean;
}

/** The last request as it went over the wire, credentials masked: what a report may show. */
export interface SentRequest {
  readonly method: HttpMethod;
  /** Full URL, query included. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/**
 * Why the request was sent a second time: session-lost, the server answered statusCode 20 to a
 * request relying on the session; csrf-token, it refused the CSRF token (HTTP 403).
 */
export type RetryReason = 'session-lost' | 'csrf-token';

export type ClientFailure = 'timeout' | 'network_error' | 'too_large';

interface ResultBase {
  readonly timings: PhaseTimings;
  /** Always set by createClient; optional so that a stand-in client in a test may leave it out. */
  readonly sent?: SentRequest;
  readonly retried?: RetryReason;
  /** https only: the earliest notAfter in the certificate chain the server presented, epoch seconds. */
  readonly certNotAfter?: number;
}

export type ClientResult =
  | (ResultBase & { readonly kind: 'response'; readonly response: ObservedResponse })
  | (ResultBase & { readonly kind: ClientFailure; readonly error: string });

import type { HttpMethod, ObservedResponse } from '../contracts/types.ts';

export interface ClientOptions {
  /** API root, e.g. http://host:8080/api/v2 */
  readonly baseUrl: string;
  readonly username?: string;
  readonly password?: string;
  readonly timeoutMs?: number;
  /** Bodies larger than this are cut off and reported as too_large. */
  readonly maxBodyBytes?: number;
  /** Keep JSESSIONID and the CSRF token between requests (default true). */
  readonly keepSession?: boolean;
  /** PEM certificate(s) to trust for https instead of the default CAs (a GWS with an internal CA). */
  readonly ca?: string;
}

export interface RequestOptions {
  readonly method: HttpMethod;
  /** Path relative to the API root (`/me/devices`), already expanded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Send the body exactly as given (for malformed-input contracts). */
  readonly rawBody?: string;
  /** basic: Authorization header; session: cookie only; none: neither. Default basic when credentials exist. */
  readonly auth?: 'basic' | 'session' | 'none';
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Send a URL longer than GWS's documented 2000-character limit (for the negative contract). */
  readonly allowLongUrl?: boolean;
}

/** Phases of one request, in seconds, as the prober exports them. */
export interface PhaseTimings {
  readonly connect: number;
  readonly tls: number;
  /** Time to first byte after the request was written. */
  readonly processing: number;
  readonly transfer: number;
  readonly total: number;
  /** The request went out on a keep-alive connection opened earlier; absent when no socket was assigned. */
  readonly reused?: boolean;
}

export type ClientFailure = 'timeout' | 'network_error' | 'too_large';

export type ClientResult =
  | { readonly kind: 'response'; readonly response: ObservedResponse; readonly timings: PhaseTimings }
  | { readonly kind: ClientFailure; readonly error: string; readonly timings: PhaseTimings };

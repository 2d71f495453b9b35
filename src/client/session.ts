import type http from 'node:http';
import { headerValue } from './wire.ts';

/** The CSRF token travels in the header X-CSRF-HEADER names, X-CSRF-TOKEN unless told [src: CSRFAPI]. */
export const DEFAULT_CSRF_HEADER = 'X-CSRF-TOKEN';

/** What one identity's session holds: the JSESSIONID value and the CSRF header name and token. */
export interface SessionState {
  readonly cookie?: string;
  readonly csrf?: { readonly header: string; readonly token: string };
}

interface SessionCookie {
  readonly value: string;
  /** Wall-clock ms after which the cookie is gone; undefined for a cookie that lasts the session. */
  readonly expiresAt: number | undefined;
}

/**
 * The JSESSIONID a Set-Cookie list carries: `null` when the server removes it (an empty value,
 * `Max-Age` of 0 or less, or an `Expires` in the past), undefined when the list names none.
 * `Max-Age` wins over `Expires`, as RFC 6265 §5.3 says.
 */
function parseSessionCookie(setCookie: readonly string[] | undefined, now: number): SessionCookie | null | undefined {
  let found: SessionCookie | null | undefined;
  for (const line of setCookie ?? []) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== 'JSESSIONID') continue;
    const value = pair.slice(eq + 1).trim();
    let maxAge: number | undefined;
    let expires: number | undefined;
    for (const attribute of attributes) {
      const [name = '', ...rest] = attribute.split('=');
      const text = rest.join('=').trim();
      if (/^\s*max-age\s*$/i.test(name) && /^-?\d+$/.test(text)) maxAge = Number(text);
      if (/^\s*expires\s*$/i.test(name) && !Number.isNaN(Date.parse(text))) expires = Date.parse(text);
    }
    const expiresAt = maxAge !== undefined ? now + maxAge * 1000 : expires;
    found = value === '' || (expiresAt !== undefined && expiresAt <= now) ? null : { value, expiresAt };
  }
  return found;
}

/**
 * One identity's session state. The CSRF token lives in the HTTP session and shares its life
 * cycle [src: CSRFAPI], so it goes whenever the cookie goes or changes without a new token.
 */
export class SessionJar {
  private cookie: SessionCookie | undefined;
  private csrfHeader = DEFAULT_CSRF_HEADER;
  private csrfToken: string | undefined;

  constructor(private readonly now: () => number) {}

  /** The live state; an expired cookie is dropped here, before anything is sent with it. */
  state(): SessionState {
    if (this.cookie?.expiresAt !== undefined && this.cookie.expiresAt <= this.now()) this.forget();
    return {
      ...(this.cookie !== undefined ? { cookie: this.cookie.value } : {}),
      ...(this.csrfToken !== undefined ? { csrf: { header: this.csrfHeader, token: this.csrfToken } } : {}),
    };
  }

  /** Takes a new or removed JSESSIONID and a rotated CSRF token from any response [src: CSRFAPI]. */
  remember(headers: http.IncomingHttpHeaders): void {
    const token = headerValue(headers['x-csrf-token']);
    const cookie = parseSessionCookie(headers['set-cookie'], this.now());
    if (cookie === null) {
      // A token beside the removal belongs to no session the client holds any more.
      this.forget();
      return;
    }
    if (cookie !== undefined) {
      if (cookie.value !== this.cookie?.value && token === undefined) this.forgetToken();
      this.cookie = cookie;
    }
    if (token !== undefined && token !== '') this.csrfToken = token;
    const name = headerValue(headers['x-csrf-header']);
    if (name !== undefined && /^[A-Za-z0-9-]+$/.test(name)) this.csrfHeader = name;
  }

  forgetToken(): void {
    this.csrfToken = undefined;
  }

  forget(): void {
    this.cookie = undefined;
    this.csrfToken = undefined;
    this.csrfHeader = DEFAULT_CSRF_HEADER;
  }
}

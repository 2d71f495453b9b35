import type { ReportedRequest } from './types.ts';

/** Headers a reproduction leaves to curl itself, or builds from placeholders. */
const SET_BY_CURL = new Set(['authorization', 'content-length', 'host', 'connection', 'cookie']);
/** CSRF tokens live in the HTTP session; a reproduction fetches its own [src: CSRFAPI]. */
const CSRF_HEADER = /^x-csrf-token$/i;

/** POSIX single quotes: nothing inside is expanded. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Escapes text for use inside double quotes, where only the password variable is to expand. */
function escapeDoubleQuoted(text: string): string {
  return text.replace(/(["\\`$])/g, '\\$1');
}

/**
 * A shell command that sends the same request again: `-g` so that `{}`/`[]` in a URL are sent
 * as they are, the password as a variable (`$GWS_PASSWORD`), never its value. The session cookie
 * and CSRF token belong to the gate's session; the command shows where they go as variables.
 */
export function curlCommand(request: ReportedRequest): string {
  const parts = ['curl', '-g', '-sS', '-i', '-X', request.method, quote(request.url)];
  if (request.credentials !== null) {
    const { username, passwordVariable } = request.credentials;
    parts.push('-u', `"${escapeDoubleQuoted(username)}:$${passwordVariable}"`);
  }
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'cookie' && /JSESSIONID=/i.test(value)) parts.push('-b', '"JSESSIONID=$JSESSIONID"');
    else if (CSRF_HEADER.test(name)) parts.push('-H', `"${name}: $CSRF_TOKEN"`);
    else if (!SET_BY_CURL.has(lower)) parts.push('-H', quote(`${name}: ${value}`));
  }
  if (request.body !== null) parts.push('--data-raw', quote(request.body));
  return parts.join(' ');
}

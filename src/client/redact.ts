/**
 * The one redaction every text from a server or a user passes before it reaches a log line, a
 * table, a report or a label: the gate's reports and the prober's logs and tables alike.
 */

export const MASK = '***';
/** The shortest cut-off start of a secret that is masked (`pa...` says little, `pas...` too much). */
const MIN_CUT = 3;

export interface Secrets {
  readonly passwords: readonly string[];
  /** user:password pairs, so that their Basic forms (plain and base64) are masked too. */
  readonly pairs?: readonly { readonly username: string; readonly password: string }[];
}

/** Escapes a literal for use inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a function that masks every credential form in one string: the given passwords, their
 * `user:password` pairs plain, URL-encoded and base64 (UTF-8 and ISO-8859-1, the encoding GWS
 * clients use [src: CODE-NET]), and whatever looks like a credential without being known:
 * `Basic`/`Bearer` values, `user:pass@` in URLs, `"password": "..."`, JSESSIONID values and CSRF
 * token headers [src: CSRFAPI].
 */
export function stringRedactor(secrets: Secrets): (text: string) => string {
  const needles = new Set<string>();
  for (const password of secrets.passwords) if (password !== '') needles.add(password);
  for (const { username, password } of secrets.pairs ?? []) {
    if (password === '') continue;
    const pair = `${username}:${password}`;
    needles.add(pair);
    needles.add(password);
    needles.add(Buffer.from(pair, 'utf8').toString('base64'));
    needles.add(Buffer.from(pair, 'latin1').toString('base64'));
    needles.add(encodeURIComponent(password));
  }
  // A secret inside JSON text (a shown body) has its quotes and backslashes escaped.
  for (const needle of [...needles]) needles.add(JSON.stringify(needle).slice(1, -1));
  // Shown text is often cut short (`"S3cre...`): a cut secret showing three characters or more is masked.
  const cut = new Set<string>();
  for (const needle of needles) for (let end = MIN_CUT; end < needle.length; end += 1) cut.add(needle.slice(0, end));
  const longestFirst = (a: string, b: string): number => b.length - a.length;
  const alternatives = [
    ...[...needles].sort(longestFirst).map(literal),
    ...[...cut].sort(longestFirst).map((prefix) => `${literal(prefix)}(?=\\.\\.\\.|\u2026)`),
  ];
  const secretPattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
  return (text: string): string => {
    let out = text
      .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/g, `$1 ${MASK}`)
      .replace(/(\/\/)[^/@\s:]*:[^/@\s]*@/g, `$1${MASK}@`)
      .replace(/("?(?:password|passwd)"?\s*[:=]\s*)"[^"]*"/gi, `$1"${MASK}"`)
      .replace(/(JSESSIONID=)[^;,\s"]+/gi, `$1${MASK}`)
      .replace(/(X-CSRF-TOKEN"?\s*[:=]\s*"?)[A-Za-z0-9._~+/=-]+/gi, `$1${MASK}`);
    if (secretPattern) out = out.replace(secretPattern, MASK);
    return out;
  };
}

/** Keys whose values are secrets wherever they appear in a body or header map. */
const SECRET_KEYS = /^(password|passwd|authorization|proxy-authorization|cookie|set-cookie|x-csrf-token)$/i;

/** A copy of a JSON-like value with every string redacted and every secret-named key's value masked. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  return redactAny(value, redact) as T;
}

function redactAny(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactAny(item, redact));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.test(key) && inner !== '' ? MASK : redactAny(inner, redact);
    }
    return out;
  }
  return value;
}

/** Headers whose whole value is a credential wherever they appear. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-csrf-token)$/i;

/**
 * A header map as it may be shown: `Authorization: Basic ***`, `Cookie: JSESSIONID=***`, the CSRF
 * header (its name is the server's choice [src: CSRFAPI], hence `csrfHeader`) as `***`.
 */
export function maskHeaders(headers: Readonly<Record<string, string>>, csrfHeader?: string): Record<string, string> {
  const csrf = csrfHeader?.toLowerCase();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === csrf || SECRET_HEADERS.test(lower)) {
      const scheme = /^(\w+)\s/.exec(value)?.[1];
      out[name] = lower.endsWith('authorization') && scheme !== undefined ? `${scheme} ${MASK}` : MASK;
    } else if (lower === 'cookie' || lower === 'set-cookie') {
      out[name] = value.replace(/(JSESSIONID=)[^;,\s]*/gi, `$1${MASK}`);
    } else {
      out[name] = value;
    }
  }
  return out;
}

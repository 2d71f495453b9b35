import type { ContractReport, ContractResult } from './types.ts';

const MASK = '***';
/** Keys whose values are secrets wherever they appear in a body or header map. */
const SECRET_KEYS = /^(password|passwd|authorization|proxy-authorization|cookie|set-cookie|x-csrf-token)$/i;

export interface Secrets {
  readonly passwords: readonly string[];
  /** user:password pairs, so that their Basic encodings are masked too. */
  readonly pairs?: readonly { readonly username: string; readonly password: string }[];
}

/** Escapes a literal for use inside a RegExp. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds a function that masks every credential form in one string. */
export function stringRedactor(secrets: Secrets): (text: string) => string {
  const needles = new Set<string>();
  for (const password of secrets.passwords) if (password !== '') needles.add(password);
  for (const { username, password } of secrets.pairs ?? []) {
    if (password === '') continue;
    const pair = `${username}:${password}`;
    needles.add(Buffer.from(pair, 'utf8').toString('base64'));
    needles.add(Buffer.from(pair, 'latin1').toString('base64'));
    needles.add(encodeURIComponent(password));
  }
  const sorted = [...needles].sort((a, b) => b.length - a.length).map(literal);
  const secretPattern = sorted.length > 0 ? new RegExp(sorted.join('|'), 'g') : undefined;
  return (text: string): string => {
    let out = text
      .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/g, `$1 ${MASK}`)
      .replace(/(\/\/)[^/@\s:]*:[^/@\s]*@/g, `$1${MASK}@`)
      .replace(/("?(?:password|passwd)"?\s*[:=]\s*)"[^"]*"/gi, `$1"${MASK}"`)
      .replace(/(JSESSIONID=)[^;\s"]+/g, `$1${MASK}`);
    if (secretPattern) out = out.replace(secretPattern, MASK);
    return out;
  };
}

function redactValue(value: unknown, redactString: (text: string) => string): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redactString));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.test(key) && inner !== '' ? MASK : redactValue(inner, redactString);
    }
    return out;
  }
  return value;
}

/**
 * A copy of the report with every credential masked; reporters only ever see this copy.
 * Free text (messages, violations, the recorded exchange) is scanned for the passwords and their
 * Basic encodings; names, ids and tags come from the specs and the catalog, never from a server.
 */
export function redactReport(report: ContractReport, secrets: Secrets): ContractReport {
  const redact = stringRedactor(secrets);
  return {
    ...report,
    summary: { ...report.summary, target: redact(report.summary.target) },
    results: report.results.map((result) => ({
      ...result,
      message: result.message === null ? null : redact(result.message),
      violations: result.violations.map((v) => ({ ...v, message: redact(v.message) })),
      earlierFailures: result.earlierFailures.map(redact),
      exchange: result.exchange === null ? null : (redactValue(result.exchange, redact) as ContractResult['exchange']),
      curl: result.curl === null ? null : redact(result.curl),
    })),
    // Attribute names and list values come from the server: scanned like every other server text.
    ...(report.drift !== undefined ? { drift: redactValue(report.drift, redact) as ContractReport['drift'] } : {}),
  };
}

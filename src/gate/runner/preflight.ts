import { createClient, type ClientResult } from '../../client/index.ts';
import type { Credentials, GateTarget } from '../../config/index.ts';

/** What the gate learns before any contract runs. */
export type PreflightResult =
  | { readonly kind: 'ready'; readonly version: string | null; readonly features: FeatureList }
  /** Nothing answered at the base URL: exit 3. */
  | { readonly kind: 'unreachable'; readonly message: string }
  /** The base URL is no API root, or a configured login is refused: exit 2, one line. */
  | { readonly kind: 'bad-input'; readonly message: string };

function tlsOf(target: GateTarget): { readonly tls?: GateTarget['tls'] } {
  return target.tls ? { tls: target.tls } : {};
}

function describeFailure(result: Exclude<ClientResult, { kind: 'response' }>): string {
  return result.kind === 'timeout' ? `no answer within the timeout (${result.error})` : result.error;
}

function bodyOf(result: Extract<ClientResult, { kind: 'response' }>): Record<string, unknown> | undefined {
  const body = result.response.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

type LoginRole = 'user' | 'admin user' | 'supervisor user';

/** The features the server enables, or why none are known (a server without the features resource). */
export type FeatureList = { readonly kind: 'listed'; readonly features: readonly string[] } | { readonly kind: 'unknown'; readonly why: string };

/**
 * The contact center's features, as the user reads them: `GET /features?fields=*` [src: Features
 * 8.5.1: agents and admins may read it]. A server without that resource (8.5.0, or an error) lists
 * none: the features are then unknown, and nothing is skipped for want of one.
 */
async function readFeatures(target: GateTarget, timeoutMs: number): Promise<FeatureList> {
  const client = createClient({ baseUrl: target.baseUrl, ...tlsOf(target), username: target.user.username, password: target.user.password, timeoutMs, keepSession: false });
  try {
    const result = await client.request({ method: 'GET', path: '/features', query: { fields: '*' } });
    if (result.kind !== 'response') return { kind: 'unknown', why: `GET /features failed (${describeFailure(result)})` };
    const body = bodyOf(result);
    const listed = body?.['features'];
    if (body?.['statusCode'] !== 0 || !Array.isArray(listed)) {
      return { kind: 'unknown', why: `GET /features answered HTTP ${result.response.httpStatus} ${result.response.rawBody.slice(0, 120)}` };
    }
    const ids = (listed as unknown[]).map((f) => (f !== null && typeof f === 'object' ? (f as Record<string, unknown>)['id'] : undefined)).filter((id): id is string => typeof id === 'string');
    return { kind: 'listed', features: [...new Set(ids)].sort() };
  } finally {
    client.close();
  }
}

/**
 * Whether GWS refuses these credentials. An authentication failure is statusCode 20 [src: IAR,
 * RV852]; HTTP 401 carries it too where a server answers so. Anything else (success, a
 * password-change demand, an error of the endpoint, no complete answer in time) is for the
 * contracts to judge: the API root already answered.
 */
async function checkLogin(target: GateTarget, person: Credentials, role: LoginRole, hint: string, timeoutMs: number): Promise<PreflightResult | undefined> {
  const { baseUrl } = target;
  const client = createClient({ baseUrl, ...tlsOf(target), username: person.username, password: person.password, timeoutMs, keepSession: false });
  try {
    const result = await client.request({ method: 'GET', path: '/me' });
    if (result.kind !== 'response') return undefined;
    const body = bodyOf(result);
    if (body?.['statusCode'] === 20 || result.response.httpStatus === 401) {
      const said = typeof body?.['statusMessage'] === 'string' ? ` ("${body['statusMessage']}")` : '';
      const answer = body?.['statusCode'] === 20 ? `statusCode 20${said}` : `HTTP ${result.response.httpStatus}`;
      return { kind: 'bad-input', message: `${role} "${person.username}" cannot log in to ${baseUrl}: GET /me answered ${answer} (expected a valid login: check ${hint})` };
    }
    return undefined;
  } finally {
    client.close();
  }
}

/**
 * Before any contract: the API root answers GET /diagnostics/version, which needs no credentials
 * [src: MAR], the configured user (and admin, and supervisor) can log in, and the features the
 * server enables are read. A refused login is a configuration
 * problem, not thirty failed contracts; the contracts about authentication itself still run.
 */
export async function preflight(target: GateTarget, timeoutMs: number): Promise<PreflightResult> {
  const anonymous = createClient({ baseUrl: target.baseUrl, ...tlsOf(target), timeoutMs, keepSession: false });
  let version: string | null;
  try {
    const result = await anonymous.request({ method: 'GET', path: '/diagnostics/version' });
    if (result.kind !== 'response') {
      return { kind: 'unreachable', message: `target ${target.baseUrl} is unreachable: GET /diagnostics/version failed (${describeFailure(result)})` };
    }
    const body = bodyOf(result);
    if (result.response.httpStatus === 404 && result.response.body === undefined) {
      // A 404 without any JSON is a web server with no GWS API at that path: a wrong base URL,
      // which would otherwise show up as every contract failing on its Content-Type.
      const type = result.response.headers['content-type'] ?? 'no Content-Type';
      return {
        kind: 'bad-input',
        message: `base URL ${target.baseUrl} is not a GWS API root: GET /diagnostics/version answered HTTP 404 (${type}) (expected the path before /me, e.g. http://host:8080/api/v2)`,
      };
    }
    version = typeof body?.['version'] === 'string' ? body['version'] : null;
  } finally {
    anonymous.close();
  }
  const logins: [Credentials, LoginRole, string][] = [
    [target.user, 'user', 'GWS_USERNAME and the password in GWS_PASSWORD or --password-file'],
    ...(target.admin ? [[target.admin, 'admin user', 'GWS_ADMIN_USERNAME and the password in GWS_ADMIN_PASSWORD or --admin-password-file'] as [Credentials, LoginRole, string]] : []),
    ...(target.supervisor
      ? [[target.supervisor, 'supervisor user', 'GWS_SUPERVISOR_USERNAME and the password in GWS_SUPERVISOR_PASSWORD or --supervisor-password-file'] as [Credentials, LoginRole, string]]
      : []),
  ];
  // The logins are tried at once, each person once; the first refused, in the order above, is the
  // one reported. The features are read with the user's login only once it is known to work: a
  // wrong password goes out once, never twice (a server may lock the account).
  const refusals = await Promise.all(logins.map(([person, role, hint]) => checkLogin(target, person, role, hint, timeoutMs)));
  const refused = refusals.find((result) => result !== undefined);
  return refused ?? { kind: 'ready', version, features: await readFeatures(target, timeoutMs) };
}

/** `--require-feature` against what the server enables: one line naming what is missing, or undefined. */
export function unmetFeatures(required: readonly string[], found: FeatureList): string | undefined {
  if (required.length === 0) return undefined;
  if (found.kind === 'unknown') return `--require-feature ${required.join(', ')}: the server lists no features (${found.why}; expected GET /features to list them)`;
  const missing = required.filter((feature) => !found.features.includes(feature));
  if (missing.length === 0) return undefined;
  return `--require-feature ${missing.join(', ')}: the server does not enable ${missing.length === 1 ? 'it' : 'them'} (GET /features lists ${found.features.join(', ') || 'none'})`;
}

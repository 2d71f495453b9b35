import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import type { Session, UserRecord } from '../state.ts';
import { parseBasic, sessionIdOf } from './request.ts';
import type { Caller, SimulatorCore } from './types.ts';

const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** The user the headers name (Basic, else a logged-in JSESSIONID), and the cookie's session if it belongs to them. */
export function credentialsOf(headers: IncomingHttpHeaders, core: SimulatorCore): { user: UserRecord; session: Session | undefined } | undefined {
  const center = core.center();
  const defects = core.defects();
  const cookieSession = core.sessions.get(sessionIdOf(headers));
  const header = headers.authorization;
  if (header !== undefined) {
    const credentials = parseBasic(header);
    if (credentials === undefined) return undefined;
    const user = center.byName.get(credentials.user);
    if (user === undefined || user.fixture.enabled === false) return undefined;
    if (user.fixture.password !== credentials.password && !defects.has('wrong-password-accepted')) return undefined;
    if (cookieSession !== undefined && (cookieSession.userId === null || cookieSession.userId === user.fixture.id)) {
      cookieSession.userId = user.fixture.id;
      return { user, session: cookieSession };
    }
    return { user, session: undefined };
  }
  if (cookieSession?.userId != null) {
    const user = center.users.get(cookieSession.userId);
    if (user !== undefined) return { user, session: cookieSession };
  }
  if (defects.has('no-auth-required')) {
    const fallback = center.byName.get('ksippo') ?? [...center.users.values()][0];
    if (fallback !== undefined) return { user: fallback, session: undefined };
  }
  return undefined;
}

/**
 * CSRF first (with `csrf`, a POST/PUT/DELETE needs the session cookie and its X-CSRF-TOKEN [src: CSRFAPI]),
 * then credentials; the first authenticated answer opens an HTTP session.
 */
export function authenticate(request: { readonly method: string; readonly headers: IncomingHttpHeaders }, core: SimulatorCore): Caller | Reply {
  const { headers } = request;
  if (core.options.csrf && UNSAFE_METHODS.has(request.method)) {
    const session = core.sessions.get(sessionIdOf(headers));
    if (session === undefined || headers['x-csrf-token'] !== session.csrfToken) return errors.csrfRejected();
  }
  const found = credentialsOf(headers, core);
  if (found === undefined) return errors.accessDenied(core.options.authFailureStatus);
  if (found.session !== undefined) return { user: found.user, session: found.session, newSession: false };
  return { user: found.user, session: core.sessions.create(found.user.fixture.id), newSession: true };
}

// Security contracts: credentials, roles, sessions and CSRF [src: IAR, OBS-WWE, ROLES, ECCS, CSRFAPI].
import { test } from 'vitest';
import { expandPath, type Operation, type Violation } from '../src/contracts/index.ts';
import { NEEDS_AN_INTERACTION } from '../src/contracts/outcomes.ts';
import {
  GateSession,
  NO_ADMIN_REASON,
  endSession,
  exampleRequest,
  moveAgentTo,
  awaitChannels,
  ruleViolation,
  startSession,
  useGate,
  withAgentRestored,
  type Exchange,
} from '../src/gate/kit/index.ts';

const gate = useGate();
const { target } = gate.context;

/**
 * The decisions table: missing or wrong credentials give HTTP 401 or 403 and a body of exactly
 * statusCode 20 and a non-empty statusMessage [src: IAR, OBS-WWE, RV852].
 */
function accessDeniedRules(exchange: Exchange): Violation[] {
  const violations: Violation[] = [];
  const { httpStatus, body } = exchange.response;
  if (httpStatus !== 401 && httpStatus !== 403) {
    violations.push(ruleViolation('http-status', 'auth-http-status', `HTTP status ${httpStatus}, expected 401 or 403 for a request without valid credentials`));
  }
  const keys = body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body).sort() : [];
  const message = (body as { statusMessage?: unknown } | undefined)?.statusMessage;
  if (keys.join(',') !== 'statusCode,statusMessage' || typeof message !== 'string' || message === '') {
    violations.push(ruleViolation('envelope', 'access-denied-shape', `body ${exchange.response.rawBody.slice(0, 200)} is not exactly {"statusCode":20,"statusMessage":<non-empty>}`));
  }
  return violations;
}

// Every operation that needs credentials; POSTs are sent with an empty body, which an authenticated
// caller would get statusCode 1 for, so that a server that skips authentication changes nothing.
const guarded = gate.contracts.catalog.filter((op) => op.identity !== 'none');

function wrongPassword(password: string): string {
  const candidate = 'gwscheck-wrong-password';
  return candidate === password ? `${candidate}-2` : candidate;
}

let csrf: boolean | undefined;

/** Whether the server hands out a CSRF token on an authenticated GET [src: CSRFAPI]. */
async function csrfEnabled(): Promise<boolean> {
  if (csrf === undefined) {
    const probe = gate.newSession(target.user);
    await probe.send({ method: 'GET', path: '/me' });
    csrf = probe.csrfToken !== undefined;
  }
  return csrf;
}

// A call, chat, email or open-media id exists only while the interaction does; a refusal for want of
// credentials comes before any lookup.
const ABSENT_INTERACTION = { id: 'gwscheck-absent-interaction' };

async function denied(operation: Operation, session: GateSession): Promise<Exchange> {
  const overrides = operation.method === 'GET' ? {} : { body: {} };
  const request = operation.tags.some((tag) => NEEDS_AN_INTERACTION.includes(tag))
    ? { method: operation.method, path: expandPath(operation, { ...operation.example.params, ...ABSENT_INTERACTION }), ...overrides }
    : await exampleRequest(gate, operation, overrides);
  return session.send(request);
}

for (const operation of guarded) {
  test(`${operation.id}: refuses a request without credentials with statusCode 20`, { tags: ['security', 'read-only'] }, async ({ task, skip }) => {
    if (operation.identity === 'admin' && gate.admin === undefined) return skip(NO_ADMIN_REASON);
    const exchange = await denied(operation, gate.anonymous);
    // With CSRF protection on, a change without a token is refused before credentials are looked at:
    // HTTP 403 "Missing or invalid Csrf token" [src: CSRFAPI] is a refusal too.
    const codes = operation.method !== 'GET' && (await csrfEnabled()) ? [20, 3] : [20];
    gate.expect(task, operation, exchange, { expectStatusCodes: codes, extra: accessDeniedRules(exchange) });
  });
  test(`${operation.id}: refuses a wrong password with statusCode 20`, { tags: ['security', 'read-only', 'stateful'] }, async ({ task, skip }) => {
    const owner = operation.identity === 'admin' ? target.admin : target.user;
    if (owner === undefined) return skip(NO_ADMIN_REASON);
    const session = gate.newSession({ username: owner.username, password: wrongPassword(owner.password) });
    const exchange = await denied(operation, session);
    gate.expect(task, operation, exchange, { expectStatusCodes: [20], extra: accessDeniedRules(exchange) });
  });
}

// Skills, all devices and a user's devices or skills need the admin role [src: DEVLIST, SKILLS851];
// a denial is statusCode 5 or 3 [src: RV852 table]. Compared with an admin, so an absent resource is not mistaken for a denial.
for (const operation of gate.contracts.catalog.filter((op) => op.identity === 'admin' && op.readOnly)) {
  test(`${operation.id}: refuses an agent with statusCode 3 or 5 where an admin succeeds`, { tags: ['security', 'admin', 'read-only', 'stateful'] }, async ({ task, skip }) => {
    if (gate.admin === undefined) return skip(NO_ADMIN_REASON);
    const request = await exampleRequest(gate, operation);
    gate.expect(task, operation, await gate.admin.send(request), { request: operation.example });
    gate.expect(task, operation, await gate.user.send(request), { expectStatusCodes: [3, 5] });
  });
}
test('get-me: answers the admin user with documented role strings', { tags: ['security', 'admin', 'read-only', 'stateful'] }, async ({ task, skip }) => {
  if (gate.admin === undefined) return skip(NO_ADMIN_REASON);
  const exchange = await gate.admin.send({ method: 'GET', path: '/me' });
  const roles = (exchange.response.body as { user?: { roles?: unknown } } | undefined)?.user?.roles;
  // The admin role string is ROLE_ADMIN [src: USERRES, CONTACTS, USERSAPI851]; ROLE_ADMINISTRATOR appears in no GWS source.
  const extra = Array.isArray(roles) && roles.includes('ROLE_ADMIN') ? [] : [ruleViolation('schema', 'admin-role', `the admin user's roles are ${JSON.stringify(roles)}, without ROLE_ADMIN`, '/user/roles')];
  gate.expect(task, gate.operation('get-me'), exchange, { extra });
});

const getMe = gate.operation('get-me');
const postMe = gate.operation('post-me');

test('get-me: the JSESSIONID cookie alone authenticates', { tags: ['security', 'session', 'read-only'] }, async ({ task }) => {
  const session = gate.newSession(target.user);
  gate.expect(task, getMe, await session.send({ method: 'GET', path: '/me' }));
  if (session.sessionCookie === undefined) {
    gate.fail(task, getMe, ruleViolation('http-status', 'set-cookie', 'an authenticated GET /me set no JSESSIONID cookie [src: CSRFAPI]'));
  }
  gate.expect(task, getMe, await session.send({ method: 'GET', path: '/me', auth: 'session' }));
});

test('post-me: EndContactCenterSession invalidates the session', { tags: ['security', 'session', 'changes-state'] }, async ({ task }) => {
  await withAgentRestored(gate, task, async (start) => {
    if (![...start.values()].some((label) => label !== 'LoggedOut')) {
      await moveAgentTo(gate, new Map([...start, ['voice', 'NotReady']]));
    }
    gate.expect(task, getMe, await gate.user.send({ method: 'GET', path: '/me' }));
    const cookie = gate.user.sessionCookie;
    if (cookie === undefined) {
      gate.fail(task, getMe, ruleViolation('http-status', 'set-cookie', 'an authenticated GET /me set no JSESSIONID cookie [src: CSRFAPI]'));
    }
    const ended = await gate.user.send({ method: 'POST', path: '/me', body: { operationName: 'EndContactCenterSession' } });
    gate.expect(task, postMe, ended);
    // The log-out is asynchronous too: wait for it, so the restore that follows sees it.
    const out = await awaitChannels(gate, (s) => [...s.values()].every((label) => label === 'LoggedOut'));
    // Replay the old cookie alone: the session must be gone [src: ECCS].
    const replay = await gate.anonymous.send({ method: 'GET', path: '/me', headers: { Cookie: cookie ?? "" } });
    gate.user.reset();
    gate.expect(task, getMe, replay, { expectStatusCodes: [20], extra: accessDeniedRules(replay) });
    if (!out.ok) gate.fail(task, postMe, ruleViolation('status-code', 'state-applied', `channels not logged out ${gate.context.asyncDeadlineMs} ms after EndContactCenterSession`));
  });
});

test('post-me: StartContactCenterSession after EndContactCenterSession logs the agent back in', { tags: ['session', 'changes-state'] }, async ({ task }) => {
  await withAgentRestored(gate, task, async (start) => {
    const loggedIn = [...start.values()].some((label) => label !== 'LoggedOut');
    if (loggedIn) {
      gate.expect(task, postMe, await endSession(gate));
      const out = await awaitChannels(gate, (s) => [...s.values()].every((label) => label === 'LoggedOut'));
      if (!out.ok) gate.fail(task, postMe, ruleViolation('status-code', 'state-applied', `channels not logged out ${gate.context.asyncDeadlineMs} ms after EndContactCenterSession`));
    }
    gate.expect(task, postMe, await startSession(gate, ['voice']));
    const back = await awaitChannels(gate, (s) => s.get('voice') !== undefined && s.get('voice') !== 'LoggedOut');
    if (!back.ok) gate.fail(task, postMe, ruleViolation('status-code', 'state-applied', `voice still ${back.last.get('voice') ?? 'absent'} ${gate.context.asyncDeadlineMs} ms after StartContactCenterSession`));
  });
});

test('post-me-channels-voice: a change without the X-CSRF token is refused with HTTP 403', { tags: ['security', 'csrf', 'changes-state'] }, async ({ task, skip }) => {
  const session = gate.newSession(target.user);
  await session.send({ method: 'GET', path: '/me' });
  // CSRF protection is optional and enabled per node; a server that hands out no token has it off [src: CSRFDEP].
  if (session.csrfToken === undefined) return skip('the server sends no X-CSRF-HEADER/X-CSRF-TOKEN on GET /me: CSRF protection is off');
  const operation = gate.operation('post-me-channels-voice');
  await withAgentRestored(gate, task, async (start) => {
    const voice = start.get('voice') ?? 'NotReady';
    const same = voice === 'LoggedOut' || voice === 'unknown' ? 'NotReady' : voice;
    if (voice === 'LoggedOut') await moveAgentTo(gate, new Map([...start, ['voice', 'NotReady']]));
    const refused = await session.send({ method: 'POST', path: '/me/channels/voice', body: { operationName: same }, withoutCsrf: true });
    if (refused.response.httpStatus !== 403) {
      gate.fail(task, operation, ruleViolation('http-status', 'csrf', `HTTP ${refused.response.httpStatus} for a POST without the CSRF token, expected 403 [src: CSRFAPI]`), refused);
    }
    gate.expect(task, operation, await session.send({ method: 'POST', path: '/me/channels/voice', body: { operationName: same } }));
  });
});

// The CometD endpoint GWS clients learn outcomes from, at <api root>/notifications [src: COMETD 8.5.2,
// CODE-NET, CODE-JS]: it takes the same credentials as the REST API and refuses a handshake without.
import { test } from 'vitest';
import { openNotificationSession, type NotificationAuth } from '../src/notifications/index.ts';
import { notificationMode, ruleViolation, useGate } from '../src/gate/kit/index.ts';

const gate = useGate();
const { baseUrl, user } = gate.context.target;
const OFF = 'notifications are off (--notifications off): asynchronous outcomes are checked by polling';

function handshake(auth: NotificationAuth) {
  return openNotificationSession({ baseUrl, auth, handshakeTimeoutMs: gate.context.timeoutMs });
}

test('notifications: a handshake with the configured user succeeds and /v2/me/devices can be subscribed to', { tags: ['notifications', 'read-only'] }, async ({ task, skip }) => {
  if (notificationMode(gate) === 'off') return skip(OFF);
  const opened = await handshake({ kind: 'basic', username: user.username, password: user.password });
  if (!opened.ok) {
    // Said once for the whole run: the asynchronous contracts then poll.
    if (opened.failure === 'no-endpoint' && notificationMode(gate) === 'auto') {
      return skip(`no CometD endpoint at ${baseUrl}/notifications (${opened.detail}): asynchronous outcomes are checked by polling`);
    }
    return gate.fail(task, undefined, ruleViolation('status-code', 'notification-handshake', `CometD handshake as ${user.username} failed: ${opened.detail}`));
  }
  try {
    const subscribed = await opened.session.subscribe(['/v2/me/devices', '/v2/me/*']);
    if (!subscribed.ok) gate.fail(task, undefined, ruleViolation('status-code', 'notification-subscribe', subscribed.detail));
  } finally {
    await opened.session.close();
  }
});

for (const [what, auth] of [
  ['without credentials', { kind: 'none' }],
  ['with a wrong password', { kind: 'basic', username: user.username, password: `${user.password}-wrong` }],
] as const) {
  test(`notifications: a handshake ${what} is refused`, { tags: ['notifications', 'security', 'read-only'] }, async ({ task, skip }) => {
    if (notificationMode(gate) === 'off') return skip();
    const opened = await handshake(auth);
    if (opened.ok) {
      await opened.session.close();
      return gate.fail(task, undefined, ruleViolation('status-code', 'notification-handshake', `a CometD handshake ${what} was accepted; it must be refused like any REST call [src: IAR]`));
    }
    // No endpoint is reported once, by the contract above.
    if (opened.failure === 'no-endpoint' && notificationMode(gate) === 'auto') return skip();
    if (opened.failure !== 'denied') {
      return gate.fail(task, undefined, ruleViolation('status-code', 'notification-handshake', `a CometD handshake ${what} was not answered with a refusal: ${opened.detail}`));
    }
  });
}

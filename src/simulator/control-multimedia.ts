import type { Reply } from './envelope.ts';
import { MEDIA_TYPES } from './interactions/index.ts';
import { isBody, userDataOf } from './interactions/requests.ts';
import type { ContactCenter, UserRecord } from './state.ts';

function reply(httpStatus: number, body: Record<string, unknown>): Reply {
  return { httpStatus, body };
}

const text = (value: unknown, fallback: string): string | undefined => (value === undefined ? fallback : typeof value === 'string' && value !== '' ? value : undefined);

/** The user a control request names (user name or id), or the 4xx answer. */
function userOf(center: ContactCenter, name: unknown, channel?: 'email'): UserRecord | Reply {
  if (typeof name !== 'string') return reply(400, { error: 'user must be a user name or id' });
  const record = center.byName.get(name) ?? center.users.get(name);
  if (record === undefined) return reply(404, { error: `no user "${name}"` });
  if (channel !== undefined && !record.channels.includes(channel)) return reply(400, { error: `user "${name}" has no ${channel} channel` });
  return record;
}

const isReply = (value: UserRecord | Reply): value is Reply => 'httpStatus' in value;

/**
 * `POST /__simulator/emails` `{"from":"...","to":["..."],"subject":"...","body":"...","userData":{...},"user":"ksippo"}`:
 * an inbound email, as a mail server would hand it to GWS (no GWS API sends one), routed to an
 * agent whose email channel is Ready, or offered straight to `user`. Every key is optional.
 * Answers `{"emailId":...}`; the offer follows after the async delay.
 */
export function deliverEmail(center: ContactCenter, value: unknown): Reply {
  if (!isBody(value)) return reply(400, { error: 'body must be {"from"?, "to"?, "subject"?, "body"?, "userData"?, "user"?}' });
  const from = text(value['from'], 'customer@example.com');
  const subject = text(value['subject'], 'Simulated email');
  const body = value['body'] === undefined ? 'Hello' : typeof value['body'] === 'string' ? value['body'] : undefined;
  const to = value['to'] === undefined ? ['service@example.com'] : value['to'];
  if (from === undefined || subject === undefined || body === undefined) return reply(400, { error: 'from and subject must be non-empty strings, body a string' });
  if (!Array.isArray(to) || to.length === 0 || !to.every((a): a is string => typeof a === 'string' && a !== '')) return reply(400, { error: 'to must be a non-empty list of addresses' });
  const userData = value['userData'] === undefined ? undefined : userDataOf(value['userData']);
  if (userData !== undefined && !userData.ok) return reply(400, { error: 'userData must be an object of key/value pairs' });
  let user: string | undefined;
  if (value['user'] !== undefined) {
    const record = userOf(center, value['user'], 'email');
    if (isReply(record)) return record;
    user = record.fixture.id;
  }
  const emailId = center.emails.deliver({ from, to, subject, body, ...(userData === undefined ? {} : { userData: userData.command }), ...(user === undefined ? {} : { user }) });
  return reply(200, { emailId });
}

/** `GET /__simulator/emails`: every email and each agent's state of it. */
export function listEmails(center: ContactCenter): Reply {
  const nameOf = (userId: string): string => center.users.get(userId)?.fixture.userName ?? userId;
  return reply(200, { emails: center.emails.all().map((e) => ({ ...e, agents: e.agents.map((a) => ({ userName: nameOf(a.userId), state: a.state })) })) });
}

/**
 * `POST /__simulator/openmedia` `{"user":"ksippo","mediaType":"workitem","userData":{...}}`: an inbound
 * open-media item offered to `user` (required). Answers `{"openmediaId":...}`; the offer follows after the async delay.
 */
export function deliverOpenmedia(center: ContactCenter, value: unknown): Reply {
  if (!isBody(value) || value['user'] === undefined) return reply(400, { error: 'body must be {"user", "mediaType"?, "userData"?}' });
  // Open media is api-multimedia's: without it the agent has no item to be offered.
  if (!center.features.has('api-multimedia')) return reply(400, { error: 'feature api-multimedia is not enabled: no open-media item can be offered' });
  const record = userOf(center, value['user']);
  if (isReply(record)) return record;
  const mediaType = value['mediaType'] ?? 'workitem';
  if (typeof mediaType !== 'string' || !(MEDIA_TYPES as readonly string[]).includes(mediaType)) return reply(400, { error: `mediaType ${JSON.stringify(mediaType)} is not one of ${MEDIA_TYPES.join(', ')}` });
  const userData = value['userData'] === undefined ? undefined : userDataOf(value['userData']);
  if (userData !== undefined && !userData.ok) return reply(400, { error: 'userData must be an object of key/value pairs' });
  return reply(200, { openmediaId: center.openmedia.deliver(record.fixture.id, mediaType, userData?.command) });
}

/** `GET /__simulator/openmedia`: every item and each agent's state of it. */
export function listOpenmedia(center: ContactCenter): Reply {
  const nameOf = (userId: string): string => center.users.get(userId)?.fixture.userName ?? userId;
  return reply(200, { openmedia: center.openmedia.all().map((i) => ({ ...i, agents: i.agents.map((a) => ({ userName: nameOf(a.userId), state: a.state })) })) });
}

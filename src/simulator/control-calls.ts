import type { Reply } from './envelope.ts';
import type { ContactCenter } from './state.ts';

function reply(httpStatus: number, body: Record<string, unknown>): Reply {
  return { httpStatus, body };
}

/**
 * `POST /__simulator/calls` `{"user":"ksippo","from":"+15551234567","userData":{...}}`: an inbound
 * call from `from` rings on the user's device (`user` is a user name or id; `deviceId` names the
 * device instead). DND refuses it and forwarding moves it, as they would on a switch. With
 * `"queue":"9000"` the call comes as delivered through that queue, the only kind the agent may
 * reject [src: CallsReject]; without it the call is direct. Answers `{"callId":...}`, or
 * `{"callId":null}` when DND or forwarding kept it off the device.
 */
export function ringInbound(center: ContactCenter, value: unknown): Reply {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return reply(400, { error: 'body must be {"user":"<userName or id>","from":"<phone number>"}' });
  const { user, deviceId, from, userData, queue } = value as Record<string, unknown>;
  if (typeof from !== 'string' || from === '') return reply(400, { error: `from ${JSON.stringify(from)} must be a non-empty phone number string` });
  if (queue !== undefined && (typeof queue !== 'string' || queue === '')) return reply(400, { error: `queue ${JSON.stringify(queue)} must be a non-empty queue number string` });
  if (userData !== undefined && (typeof userData !== 'object' || userData === null || Array.isArray(userData))) {
    return reply(400, { error: 'userData must be an object of key/value pairs' });
  }
  let device: string | undefined;
  if (typeof deviceId === 'string') device = deviceId;
  else if (typeof user === 'string') {
    const record = center.byName.get(user) ?? center.users.get(user);
    if (record === undefined) return reply(404, { error: `no user "${user}"` });
    device = record.fixture.device?.id;
    if (device === undefined) return reply(400, { error: `user "${user}" has no device to ring` });
  } else {
    return reply(400, { error: 'name the device: "user" (user name or id) or "deviceId"' });
  }
  const outcome = center.calls.ring(device, from, userData as Record<string, unknown> | undefined, queue);
  if (outcome.statusCode !== 0) return reply(outcome.statusCode === 6 ? 404 : 400, { error: 'statusMessage' in outcome ? outcome.statusMessage : 'refused' });
  return reply(200, { callId: outcome.callId ?? null });
}

/** `GET /__simulator/calls`: every call not released, of every user. */
export function activeCalls(center: ContactCenter): { userName: string; id: string; state: string }[] {
  return [...center.users.values()].flatMap((u) =>
    center.calls.calls(u.fixture.id).map((c) => ({ userName: u.fixture.userName, id: c.id, state: c.state })),
  );
}

import { errors } from '../errors.ts';
import type { Reply } from '../envelope.ts';
import type { Entry, Json } from '../shapes.ts';
import { deviceOf, type ContactCenter, type UserRecord } from '../state.ts';
import type { FixtureSkill } from '../types.ts';
import type { ResourceRequest } from './types.ts';

/** Supervisors control other agents' state [src: AgentStateControlReady/NotReady/Offline]; admins may too. */
export function isSupervisor(user: UserRecord): boolean {
  return isAdmin(user) || user.fixture.roles.includes('ROLE_SUPERVISOR');
}

/** ROLE_APIUSER "provides the same level of access as an administrator" [src: Roles]. */
export function isAdmin(user: UserRecord): boolean {
  return user.fixture.roles.some((role) => role === 'ROLE_ADMIN' || role === 'ROLE_APIUSER');
}

function userFields(user: UserRecord, request: ResourceRequest): Json {
  const f = user.fixture;
  const roles = request.defects.has('role-administrator') ? f.roles.map((r) => (r === 'ROLE_ADMIN' ? 'ROLE_ADMINISTRATOR' : r)) : [...f.roles];
  return {
    id: request.defects.has('user-id-wrong-type') ? Number.parseInt(f.id.slice(0, 12), 16) : f.id,
    userName: f.userName,
    firstName: f.firstName,
    lastName: f.lastName,
    ...(f.emailAddress === undefined ? {} : { emailAddress: f.emailAddress }),
    roles,
    enabled: f.enabled ?? true,
    changePasswordOnFirstLogin: f.changePasswordOnFirstLogin ?? false,
    // uri is /users/<id>, also for /me [src: IAR]
    uri: `${request.root}/users/${f.id}`,
    path: `/users/${f.id}`,
  };
}

/** Skill objects: `level` is a string [src: SKILLS851]; `description` absent when never set. */
export function skillJson(skill: FixtureSkill, level: number, request: ResourceRequest): Json {
  return {
    id: skill.id,
    name: skill.name,
    ...(skill.description === undefined ? {} : { description: skill.description }),
    level: request.defects.has('skill-level-number') ? level : String(level),
  };
}

export function userSkills(user: UserRecord, request: ResourceRequest, center: ContactCenter): Json[] {
  return (user.fixture.skills ?? []).flatMap(({ id, level }) => {
    const skill = center.skills.find((s) => s.id === id);
    return skill === undefined ? [] : [skillJson(skill, level, request)];
  });
}

export function deviceEntries(user: UserRecord, request: ResourceRequest, center: ContactCenter): Entry[] {
  const device = deviceOf(user, request.root, center.calls.deviceControl(user.fixture.device?.id ?? ''));
  // Device URIs point at /devices/<id>, not /me/devices [src: REQPAR, RECOVER].
  return device === undefined ? [] : [{ uri: `${request.root}/devices/${device.id}`, fields: { ...device } }];
}

/** A user as GET /users and GET /me show it; `extra` adds subresources (/me also has channels). */
export function userEntry(user: UserRecord, request: ResourceRequest, center: ContactCenter, extra: Readonly<Record<string, () => Json[]>> = {}): Entry {
  return {
    uri: `${request.root}/users/${user.fixture.id}`,
    fields: userFields(user, request),
    subresources: {
      skills: () => userSkills(user, request, center),
      devices: () => deviceEntries(user, request, center).map((e) => e.fields),
      ...extra,
    },
  };
}

/** The user named by the `:id` path parameter, or the not-found reply. */
export function targetUser(request: ResourceRequest, center: ContactCenter): UserRecord | Reply {
  const id = request.params['id'] ?? '';
  return center.users.get(id) ?? errors.notFound(`User ${id}`);
}

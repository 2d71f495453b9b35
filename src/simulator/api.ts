import { fail, ok, type Reply } from './envelope.ts';
import { USER_STATES } from './seed.ts';
import { collectionBody, singularBody, type Entry, type Json, type ShapeQuery } from './shapes.ts';
import { channelsView, deviceOf, type ContactCenter, type UserRecord } from './state.ts';
import { CHANNEL_NAMES, type AgentState, type ChannelName, type DefectMode } from './types.ts';

/** Accepts state changes: applied after the async delay, unless the operation is never applied. */
export interface OperationEngine {
  accept(user: UserRecord, changes: ReadonlyMap<ChannelName, AgentState>, root: string, neverApply: boolean): void;
  endHttpSessions(user: UserRecord): void;
}

export interface RouteContext {
  readonly user: UserRecord;
  readonly params: Readonly<Record<string, string>>;
  readonly query: ShapeQuery;
  /** Absolute API root (or the bare prefix under the relative-uris defect). */
  readonly root: string;
  readonly body: unknown;
  readonly defects: ReadonlySet<DefectMode>;
  readonly center: ContactCenter;
  readonly engine: OperationEngine;
  readonly neverApply: boolean;
}

type Handler = (ctx: RouteContext) => Reply;

export interface Route {
  readonly pattern: string;
  /** `admin`: contact-center admin only [src: DEVLIST, SKILLS851]; `user`: any authenticated user. */
  readonly access: 'user' | 'admin';
  readonly get?: Handler;
  readonly post?: Handler;
}

export function isAdmin(user: UserRecord): boolean {
  return user.fixture.roles.includes('ROLE_ADMIN');
}

function userFields(user: UserRecord, ctx: RouteContext): Json {
  const f = user.fixture;
  const roles = ctx.defects.has('role-administrator') ? f.roles.map((r) => (r === 'ROLE_ADMIN' ? 'ROLE_ADMINISTRATOR' : r)) : [...f.roles];
  return {
    id: ctx.defects.has('user-id-wrong-type') ? Number.parseInt(f.id.slice(0, 12), 16) : f.id,
    userName: f.userName,
    firstName: f.firstName,
    lastName: f.lastName,
    ...(f.emailAddress === undefined ? {} : { emailAddress: f.emailAddress }),
    roles,
    enabled: f.enabled ?? true,
    changePasswordOnFirstLogin: f.changePasswordOnFirstLogin ?? false,
    // uri is /users/<id>, also for /me [src: IAR]
    uri: `${ctx.root}/users/${f.id}`,
    path: `/users/${f.id}`,
  };
}

/** Skill objects: `level` is a string [src: SKILLS851]; `description` absent when never set. */
function skillJson(skill: { id: string; name: string; description?: string }, level: number, ctx: RouteContext): Json {
  return {
    id: skill.id,
    name: skill.name,
    ...(skill.description === undefined ? {} : { description: skill.description }),
    level: ctx.defects.has('skill-level-number') ? level : String(level),
  };
}

function userSkills(user: UserRecord, ctx: RouteContext): Json[] {
  return (user.fixture.skills ?? []).flatMap(({ id, level }) => {
    const skill = ctx.center.skills.find((s) => s.id === id);
    return skill === undefined ? [] : [skillJson(skill, level, ctx)];
  });
}

function deviceEntries(user: UserRecord, ctx: RouteContext): Entry[] {
  const device = deviceOf(user, ctx.root);
  // Device URIs point at /devices/<id>, not /me/devices [src: REQPAR, RECOVER].
  return device === undefined ? [] : [{ uri: `${ctx.root}/devices/${device.id}`, fields: { ...device } }];
}

function userEntry(user: UserRecord, ctx: RouteContext, me: boolean): Entry {
  const fields = userFields(user, ctx);
  if (me && ctx.defects.has('user-missing-field')) delete fields['userName'];
  const subresources: Record<string, () => Json[]> = {
    skills: () => userSkills(user, ctx),
    devices: () => deviceEntries(user, ctx).map((e) => e.fields),
  };
  // GET /me?subresources=* returns devices and channels too [src: RECOVER, QAS850].
  if (me) subresources['channels'] = () => channelsView(user).map((c) => ({ ...c }));
  return { uri: `${ctx.root}/users/${user.fixture.id}`, fields, subresources };
}

function skillEntries(ctx: RouteContext): Entry[] {
  return ctx.center.skills.map((s) => ({ uri: `${ctx.root}/skills/${s.id}`, fields: skillJson(s, 0, ctx) }));
}

function targetUser(ctx: RouteContext): UserRecord | Reply {
  const user = ctx.center.users.get(ctx.params['id'] ?? '');
  return user ?? fail(6, `User ${ctx.params['id'] ?? ''} not found`);
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'httpStatus' in value;
}

function operationName(ctx: RouteContext): string | Reply {
  const body = ctx.body as Json;
  const name = body['operationName'];
  if (name === undefined || name === null || name === '') {
    if (ctx.defects.has('missing-operation-name-accepted')) return ok();
    return fail(1, 'Missing required parameter: operationName');
  }
  if (typeof name !== 'string') return fail(2, `operationName ${JSON.stringify(name)} is not valid`);
  return name;
}

function accepted(ctx: RouteContext, user: UserRecord, changes: Map<ChannelName, AgentState>): Reply {
  ctx.engine.accept(user, changes, ctx.root, ctx.neverApply);
  // The reply never carries the new state [src: MAR]; the defect does exactly that.
  if (ctx.defects.has('operation-echoes-state')) {
    const first = [...changes.values()][0] ?? 'LoggedOut';
    return ok({ userState: USER_STATES[first] });
  }
  return ok();
}

/** Ready/NotReady/AfterCallWork/AuxWork on one channel; valid only while logged in on it. */
function channelOperation(ctx: RouteContext, channel: ChannelName, name: string): Reply {
  const voiceOps = ['Ready', 'NotReady', 'AfterCallWork', 'AuxWork'];
  const allowed = channel === 'voice' ? voiceOps : ['Ready', 'NotReady'];
  if (!allowed.includes(name)) return fail(2, `Operation ${name} is not valid on channel ${channel}`);
  const body = ctx.body as Json;
  if (name === 'Ready' && body['workmode'] !== undefined && body['workmode'] !== 'ManualIn' && body['workmode'] !== 'AutoIn') {
    // workmode is ManualIn or AutoIn [src: READY 8.6.0]
    return fail(10, `workmode ${JSON.stringify(body['workmode'])} is not valid (expected ManualIn or AutoIn)`);
  }
  if (name === 'AfterCallWork' && body['wrapUpTime'] !== undefined && !isWrapUpTime(body['wrapUpTime'])) {
    return fail(10, `wrapUpTime ${JSON.stringify(body['wrapUpTime'])} is not valid (expected a non-negative number of seconds)`);
  }
  const current = ctx.user.projected.get(channel);
  if (current === undefined) return fail(2, `Channel ${channel} is not available to the user`);
  if (current === 'LoggedOut') return fail(2, `Agent is not logged in on channel ${channel}`);
  return accepted(ctx, ctx.user, new Map([[channel, name as AgentState]]));
}

function isWrapUpTime(value: unknown): boolean {
  // wrapUpTime is passed to T-Server as a string of seconds, e.g. "0" [src: ACW]
  return (typeof value === 'string' && /^\d+$/.test(value)) || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
}

function startSession(ctx: RouteContext): Reply {
  const body = ctx.body as Json;
  const requested = body['channels'] ?? ['voice'];
  if (!Array.isArray(requested) || requested.length === 0 || !requested.every((c) => typeof c === 'string')) {
    return fail(10, 'channels must be a non-empty array of channel names');
  }
  const successes = new Map<ChannelName, AgentState>();
  const failures: { channel: string; statusCode: number; statusMessage: string }[] = [];
  for (const channel of new Set<string>(requested)) {
    const known = (CHANNEL_NAMES as readonly string[]).includes(channel) && ctx.user.channels.includes(channel as ChannelName);
    if (!known) failures.push({ channel, statusCode: 2, statusMessage: `Channel ${channel} is not configured for the user` });
    else if (ctx.center.failingChannels.has(channel as ChannelName)) {
      failures.push({ channel, statusCode: 4, statusMessage: `Channel ${channel} is unavailable: its server does not respond` });
    } else {
      const current = ctx.user.projected.get(channel as ChannelName);
      // Logging in again keeps the current state; a fresh login starts NotReady.
      successes.set(channel as ChannelName, current === undefined || current === 'LoggedOut' ? 'NotReady' : current);
    }
  }
  const firstFailure = failures[0];
  if (firstFailure !== undefined && successes.size === 0) {
    // All channels failed: one channel's plain error, no partial structure [src: SCCS].
    return fail(firstFailure.statusCode, firstFailure.statusMessage);
  }
  ctx.engine.accept(ctx.user, successes, ctx.root, ctx.neverApply);
  if (firstFailure !== undefined) {
    // Partial success [src: SCCS, RV851]. The per-channel layout is undocumented, and error bodies
    // carry only statusCode and statusMessage [src: RV851], so the per-channel results are in the message.
    const parts = [...successes.keys()].map((c) => `${c}: ok`).concat(failures.map((f) => `${f.channel}: failed (${f.statusCode}, ${f.statusMessage})`));
    return fail(7, `Partial success: ${parts.join('; ')}`, 200);
  }
  return ok();
}

function meOperation(ctx: RouteContext): Reply {
  const name = operationName(ctx);
  if (isReply(name)) return name;
  switch (name) {
    case 'StartContactCenterSession':
      return startSession(ctx);
    case 'EndContactCenterSession': {
      const loggedIn = [...ctx.user.projected].filter(([, s]) => s !== 'LoggedOut');
      if (loggedIn.length === 0) return fail(2, 'There is no active contact-center session');
      ctx.engine.endHttpSessions(ctx.user);
      return accepted(ctx, ctx.user, new Map(loggedIn.map(([c]) => [c, 'LoggedOut'])));
    }
    case 'Ready':
    case 'NotReady':
      // Public clients post these to /me [src: CODE-NET, CODE-JS]; accepted leniently as voice operations.
      return channelOperation(ctx, 'voice', name);
    default:
      return fail(2, `Operation ${name} is not valid on /me`);
  }
}

function channelName(ctx: RouteContext): ChannelName | Reply {
  const name = ctx.params['channel'] ?? '';
  if (!(CHANNEL_NAMES as readonly string[]).includes(name) || !ctx.user.channels.includes(name as ChannelName)) {
    return fail(6, `Channel ${name} not found`);
  }
  return name as ChannelName;
}

/** Route table; paths are below the prefix. */
export const ROUTES: readonly Route[] = [
  {
    pattern: '/me',
    access: 'user',
    get: (ctx) => wrap(singularBody('user', userEntry(ctx.user, ctx, true), ctx.query)),
    post: meOperation,
  },
  {
    pattern: '/me/channels',
    access: 'user',
    get: (ctx) =>
      wrap(collectionBody('channels', channelsView(ctx.user).map((c) => ({ uri: `${ctx.root}/me/channels/${c.channel}`, fields: { ...c } })), ctx.query)),
  },
  {
    pattern: '/me/channels/:channel',
    access: 'user',
    get: (ctx) => {
      const name = channelName(ctx);
      if (isReply(name)) return name;
      const channel = channelsView(ctx.user).find((c) => c.channel === name);
      return wrap(singularBody('channel', { uri: `${ctx.root}/me/channels/${name}`, fields: { ...channel } }, ctx.query));
    },
    post: (ctx) => {
      const channel = channelName(ctx);
      if (isReply(channel)) return channel;
      const name = operationName(ctx);
      return isReply(name) ? name : channelOperation(ctx, channel, name);
    },
  },
  { pattern: '/me/devices', access: 'user', get: (ctx) => wrap(collectionBody('devices', deviceEntries(ctx.user, ctx), ctx.query)) },
  {
    pattern: '/me/skills',
    access: 'user',
    get: (ctx) => wrap(collectionBody('skills', userSkills(ctx.user, ctx).map((s) => ({ uri: `${ctx.root}/skills/${String(s['id'])}`, fields: s })), ctx.query)),
  },
  { pattern: '/me/calls', access: 'user', get: (ctx) => wrap(collectionBody('calls', [], ctx.query)) },
  {
    pattern: '/devices',
    access: 'admin',
    get: (ctx) => wrap(collectionBody('devices', [...ctx.center.users.values()].flatMap((u) => deviceEntries(u, ctx)), ctx.query)),
  },
  {
    pattern: '/devices/:id',
    access: 'user',
    get: (ctx) => {
      const owner = ctx.center.findDevice(ctx.params['id'] ?? '');
      if (owner === undefined) return fail(6, `Device ${ctx.params['id'] ?? ''} not found`);
      // Agents read their own device (the URIs /me/devices hands out); other devices need admin [src: DEVLIST].
      if (owner !== ctx.user && !isAdmin(ctx.user) && !ctx.defects.has('roles-not-enforced')) {
        return fail(5, 'User does not have permission to read this device');
      }
      const entry = deviceEntries(owner, ctx)[0] as Entry;
      return wrap(singularBody('device', entry, ctx.query));
    },
  },
  {
    pattern: '/users',
    access: 'user',
    get: (ctx) => wrap(collectionBody('users', [...ctx.center.users.values()].map((u) => userEntry(u, ctx, false)), ctx.query)),
  },
  {
    pattern: '/users/:id',
    access: 'user',
    get: (ctx) => {
      const user = targetUser(ctx);
      return isReply(user) ? user : wrap(singularBody('user', userEntry(user, ctx, false), ctx.query));
    },
  },
  {
    pattern: '/users/:id/devices',
    access: 'admin',
    get: (ctx) => {
      const user = targetUser(ctx);
      return isReply(user) ? user : wrap(collectionBody('devices', deviceEntries(user, ctx), ctx.query));
    },
  },
  {
    pattern: '/users/:id/skills',
    access: 'admin',
    get: (ctx) => {
      const user = targetUser(ctx);
      if (isReply(user)) return user;
      return wrap(collectionBody('skills', userSkills(user, ctx).map((s) => ({ uri: `${ctx.root}/users/${user.fixture.id}/skills/${String(s['id'])}`, fields: s })), ctx.query));
    },
  },
  {
    pattern: '/users/:id/skills/:skillId',
    access: 'admin',
    get: (ctx) => {
      const user = targetUser(ctx);
      if (isReply(user)) return user;
      const skill = userSkills(user, ctx).find((s) => s['id'] === ctx.params['skillId']);
      if (skill === undefined) return fail(6, `Skill ${ctx.params['skillId'] ?? ''} not found for user`);
      return wrap(singularBody('skill', { uri: `${ctx.root}/users/${user.fixture.id}/skills/${String(skill['id'])}`, fields: skill }, ctx.query));
    },
  },
  { pattern: '/skills', access: 'admin', get: (ctx) => wrap(collectionBody('skills', skillEntries(ctx), ctx.query)) },
  {
    pattern: '/skills/:id',
    access: 'admin',
    get: (ctx) => {
      const entry = skillEntries(ctx).find((e) => e.fields['id'] === ctx.params['id']);
      return entry === undefined ? fail(6, `Skill ${ctx.params['id'] ?? ''} not found`) : wrap(singularBody('skill', entry, ctx.query));
    },
  },
];

function wrap(body: Json): Reply {
  return { httpStatus: 200, body };
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Finds the route for a path below the prefix (trailing slash tolerated). */
export function matchRoute(path: string): RouteMatch | undefined {
  const segments = path.replace(/\/+$/, '').split('/').slice(1);
  for (const route of ROUTES) {
    const pattern = route.pattern.split('/').slice(1);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < pattern.length; i += 1) {
      const p = pattern[i] as string;
      const s = segments[i] as string;
      if (p.startsWith(':')) {
        if (s === '') {
          matched = false;
          break;
        }
        try {
          params[p.slice(1)] = decodeURIComponent(s);
        } catch {
          params[p.slice(1)] = s;
        }
      } else if (p !== s) {
        matched = false;
        break;
      }
    }
    if (matched) return { route, params };
  }
  return undefined;
}

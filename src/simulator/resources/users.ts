import type { Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { arrange, parseListQuery, type ListRules } from '../lists.ts';
import { collectionBody, singularBody, type Entry, type ShapeQuery } from '../shapes.ts';
import type { ContactCenter, UserRecord } from '../state.ts';
import { channelName, channelOperation } from './channels.ts';
import { operationName } from './operations.ts';
import { found, isReply, type Resource, type ResourceRequest } from './types.ts';
import { targetUser, userEntry } from './views.ts';

const SUPERVISOR_OPERATIONS: readonly string[] = ['Ready', 'NotReady', 'Offline'];

/**
 * A supervisor sets an agent's channel Ready, NotReady or Offline; the agent's own notifications
 * follow [src: AgentStateControlReady, AgentStateControlNotReady, AgentStateControlOffline].
 */
function supervisorChannelOperation(request: ResourceRequest, center: ContactCenter): Reply {
  const agent = targetUser(request, center);
  if (isReply(agent)) return agent;
  const onAgent: ResourceRequest = { ...request, user: agent };
  const channel = channelName(onAgent);
  if (isReply(channel)) return channel;
  const name = operationName(onAgent);
  if (isReply(name)) return name;
  if (!SUPERVISOR_OPERATIONS.includes(name)) return errors.notValid(`Operation ${name} is not valid on another user's channel (expected ${SUPERVISOR_OPERATIONS.join(', ')})`);
  return channelOperation(onAgent, channel, name);
}

/**
 * What GET /users filters and sorts on [src: FilteringAndSorting 8.5.2]. The page's
 * `statistics.channels.voice.*` keys are left out: the simulator has no statistics subresource.
 */
export const USER_LIST_RULES: ListRules = {
  filterable: ['firstName', 'lastName', 'userName', 'enabled', 'roles'],
  sortable: ['userName', 'firstName', 'lastName', 'enabled', 'roles', 'devices.phoneNumber', 'skills.name', 'skills.level'],
};

/** The GET shapes a users read answers with, as its read defects bend them. */
function usersQuery(request: ResourceRequest): ShapeQuery {
  const { defects } = request;
  let query = request.query;
  if (defects.has('filter-ignored')) query = { ...query, filters: [] };
  if (defects.has('fields-ignored') && Array.isArray(query.fields)) query = { ...query, fields: '*' };
  // Still the plural array of users, without the subresources asked for.
  if (defects.has('subresource-missing') && query.subresources !== undefined) query = { ...query, subresources: [] };
  return query;
}

function usersEntry(user: UserRecord, request: ResourceRequest, center: ContactCenter): Entry {
  const entry = userEntry(user, request, center);
  if (!request.defects.has('subresource-unasked')) return entry;
  const subresources = Object.fromEntries(Object.entries(entry.subresources ?? {}).map(([name, build]) => [name, build()]));
  return { ...entry, fields: { ...entry.fields, ...subresources } };
}

/** Users of the contact center [src: UsersResource]. */
export const users: Resource = {
  routes: [
    {
      pattern: '/users',
      access: 'user',
      get: (request, center) => {
        const list = parseListQuery(request.search ?? new URLSearchParams(), USER_LIST_RULES);
        if (typeof list === 'string') return errors.invalidInput(list);
        const entries = [...center.users.values()].map((u) => usersEntry(u, request, center));
        return found(collectionBody('users', entries, usersQuery(request), (kept) => arrange(kept, list, request.defects)));
      },
    },
    {
      pattern: '/users/:id',
      access: 'user',
      get: (request, center) => {
        const user = targetUser(request, center);
        return isReply(user) ? user : found(singularBody('user', usersEntry(user, request, center), usersQuery(request)));
      },
    },
    { pattern: '/users/:id/channels/:channel', access: 'supervisor', post: supervisorChannelOperation },
  ],
};

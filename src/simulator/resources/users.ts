import type { Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { collectionBody, singularBody } from '../shapes.ts';
import type { ContactCenter } from '../state.ts';
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

/** Users of the contact center [src: UsersResource]. */
export const users: Resource = {
  routes: [
    {
      pattern: '/users',
      access: 'user',
      get: (request, center) => found(collectionBody('users', [...center.users.values()].map((u) => userEntry(u, request, center)), request.query)),
    },
    {
      pattern: '/users/:id',
      access: 'user',
      get: (request, center) => {
        const user = targetUser(request, center);
        return isReply(user) ? user : found(singularBody('user', userEntry(user, request, center), request.query));
      },
    },
    { pattern: '/users/:id/channels/:channel', access: 'supervisor', post: supervisorChannelOperation },
  ],
};

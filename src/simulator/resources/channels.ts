import type { Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { NOT_READY_REASONS } from '../settings-seed.ts';
import { collectionBody, singularBody } from '../shapes.ts';
import { channelsView } from '../state.ts';
import { CHANNEL_NAMES, type AgentState, type ChannelName } from '../types.ts';
import { accepted, operationName } from './operations.ts';
import { found, isReply, type Resource, type ResourceRequest } from './types.ts';

const VOICE_OPERATIONS: readonly string[] = ['Ready', 'NotReady', 'AfterCallWork', 'AuxWork', 'Offline'];
const MEDIA_OPERATIONS: readonly string[] = ['Ready', 'NotReady', 'Offline'];

function isWrapUpTime(value: unknown): boolean {
  // wrapUpTime is passed to T-Server as a string of seconds, e.g. "0" [src: ACW]
  return (typeof value === 'string' && /^\d+$/.test(value)) || (typeof value === 'number' && Number.isInteger(value) && value >= 0);
}

/**
 * Ready/NotReady/AfterCallWork/AuxWork on one channel, valid only while logged in on it; Offline on
 * any channel, always available, logs that channel out [src: AgentStateOffline].
 */
export function channelOperation(request: ResourceRequest, channel: ChannelName, requested: string): Reply {
  // A Not Ready reason of the agent-states settings group is an agent state a desktop offers; what
  // it adds to the userState beside NotReady is not in the docs read, so it is NotReady as shown.
  const name = NOT_READY_REASONS.includes(requested) ? 'NotReady' : requested;
  const allowed = channel === 'voice' ? VOICE_OPERATIONS : MEDIA_OPERATIONS;
  if (!allowed.includes(name)) return errors.notValid(`Operation ${name} is not valid on channel ${channel}`);
  const { body } = request;
  if (name === 'Ready' && body['workmode'] !== undefined && body['workmode'] !== 'ManualIn' && body['workmode'] !== 'AutoIn') {
    // workmode is ManualIn or AutoIn [src: READY 8.6.0]
    return errors.invalidInput(`workmode ${JSON.stringify(body['workmode'])} is not valid (expected ManualIn or AutoIn)`);
  }
  if (name === 'AfterCallWork' && body['wrapUpTime'] !== undefined && !isWrapUpTime(body['wrapUpTime'])) {
    return errors.invalidInput(`wrapUpTime ${JSON.stringify(body['wrapUpTime'])} is not valid (expected a non-negative number of seconds)`);
  }
  const current = request.user.projected.get(channel);
  if (current === undefined) return errors.notValid(`Channel ${channel} is not available to the user`);
  if (name === 'Offline') return accepted(request, request.user, new Map<ChannelName, AgentState>([[channel, 'LoggedOut']]));
  if (current === 'LoggedOut') return errors.notValid(`Agent is not logged in on channel ${channel}`);
  return accepted(request, request.user, new Map<ChannelName, AgentState>([[channel, name as AgentState]]));
}

/** The `:channel` path parameter as one of the request user's channels, or the not-found reply. */
export function channelName(request: ResourceRequest): ChannelName | Reply {
  const name = request.params['channel'] ?? '';
  if (!(CHANNEL_NAMES as readonly string[]).includes(name) || !request.user.channels.includes(name as ChannelName)) {
    return errors.notFound(`Channel ${name}`);
  }
  return name as ChannelName;
}

/** The caller's channels and their agent state [src: CHANRES]. */
export const channels: Resource = {
  routes: [
    {
      pattern: '/me/channels',
      access: 'user',
      get: (request) =>
        found(
          collectionBody(
            'channels',
            channelsView(request.user).map((c) => ({ uri: `${request.root}/me/channels/${c.channel}`, fields: { ...c } })),
            request.query,
          ),
        ),
    },
    {
      pattern: '/me/channels/:channel',
      access: 'user',
      get: (request) => {
        const name = channelName(request);
        if (isReply(name)) return name;
        const channel = channelsView(request.user).find((c) => c.channel === name);
        return found(singularBody('channel', { uri: `${request.root}/me/channels/${name}`, fields: { ...channel } }, request.query));
      },
      post: (request) => {
        const channel = channelName(request);
        if (isReply(channel)) return channel;
        const name = operationName(request);
        return isReply(name) ? name : channelOperation(request, channel, name);
      },
    },
  ],
};

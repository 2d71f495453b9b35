/** Bayeux channel names GWS publishes on, and Bayeux wildcard matching. */

/** Device and agent-state changes, as DeviceStateChangeMessage [src: COMETD 8.5.2, NOTREADY]. */
export const DEVICES_CHANNEL = '/v2/me/devices';
/** Multimedia channel state [src: CHANNOTIF850]. */
export const CHANNELS_CHANNEL = '/v2/me/channels';

/** Topics only supervisors and administrators may subscribe to [src: ASYNC850]. */
const PRIVILEGED_PREFIX = '/v2/users';
// ROLE_APIUSER has the access of an administrator [src: Roles].
const PRIVILEGED_ROLES: readonly string[] = ['ROLE_SUPERVISOR', 'ROLE_ADMIN', 'ROLE_APIUSER'];

/**
 * Whether a subscription pattern covers a channel: the name itself, `/a/*` for one more segment,
 * `/a/**` for any depth below `/a` (Bayeux 1.0 channel globbing, as GWS clients use with
 * `/v2/me/*` [src: CODE-JS] and `/**` [src: CODE-NET]).
 */
export function channelMatches(pattern: string, channel: string): boolean {
  if (pattern === channel) return true;
  const patternSegments = pattern.split('/');
  const channelSegments = channel.split('/');
  const last = patternSegments[patternSegments.length - 1];
  const stem = patternSegments.slice(0, -1);
  const stemMatches = stem.every((segment, i) => segment === channelSegments[i]);
  if (last === '**') return stemMatches && channelSegments.length > stem.length;
  if (last === '*') return stemMatches && channelSegments.length === patternSegments.length;
  return false;
}

/** Whether a user with these roles may subscribe to this pattern. */
export function maySubscribe(pattern: string, roles: readonly string[]): boolean {
  const privileged = pattern === PRIVILEGED_PREFIX || pattern.startsWith(`${PRIVILEGED_PREFIX}/`);
  return !privileged || roles.some((role) => PRIVILEGED_ROLES.includes(role));
}

import { ok, type Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { channelFeatures } from '../features.ts';
import { USER_STATES } from '../seed.ts';
import { singularBody } from '../shapes.ts';
import { channelsView, type ContactCenter } from '../state.ts';
import { CHANNEL_NAMES, type AgentState, type ChannelName } from '../types.ts';
import { channelOperation } from './channels.ts';
import { accepted, operationName } from './operations.ts';
import { found, isReply, type Resource, type ResourceRequest } from './types.ts';
import { userEntry } from './views.ts';

interface ChannelFailure {
  readonly channel: string;
  readonly statusCode: number;
  readonly statusMessage: string;
}

function startSession(request: ResourceRequest, center: ContactCenter): Reply {
  const requested = request.body['channels'] ?? ['voice'];
  if (!Array.isArray(requested) || requested.length === 0 || !requested.every((c) => typeof c === 'string')) {
    return errors.invalidInput('channels must be a non-empty array of channel names');
  }
  const successes = new Map<ChannelName, AgentState>();
  const failures: ChannelFailure[] = [];
  for (const channel of new Set<string>(requested)) {
    const known = (CHANNEL_NAMES as readonly string[]).includes(channel) && request.user.channels.includes(channel as ChannelName);
    // A channel whose feature is off does not exist [src: Features 8.5.1; SCCS: "Required features: api-voice"].
    const missing = channelFeatures(channel).find((feature) => !request.features.has(feature));
    if (missing !== undefined) failures.push({ channel, statusCode: 2, statusMessage: `Channel ${channel} is not available: feature ${missing} is not enabled` });
    else if (!known) failures.push({ channel, statusCode: 2, statusMessage: `Channel ${channel} is not configured for the user` });
    else if (center.failingChannels.has(channel as ChannelName)) {
      failures.push({ channel, statusCode: 4, statusMessage: `Channel ${channel} is unavailable: its server does not respond` });
    } else {
      const current = request.user.projected.get(channel as ChannelName);
      // Logging in again keeps the current state; a fresh login starts NotReady.
      successes.set(channel as ChannelName, current === undefined || current === 'LoggedOut' ? 'NotReady' : current);
    }
  }
  const firstFailure = failures[0];
  if (firstFailure !== undefined && successes.size === 0) {
    // All channels failed: one channel's plain error, no partial structure [src: SCCS].
    return firstFailure.statusCode === 4 ? errors.unavailable(firstFailure.statusMessage) : errors.notValid(firstFailure.statusMessage);
  }
  request.engine.accept(request.user, successes, request.root, request.neverApply);
  if (firstFailure !== undefined) {
    // The per-channel layout is undocumented, and error bodies carry only statusCode and
    // statusMessage [src: RV851], so the per-channel results are in the message.
    const parts = [...successes.keys()].map((c) => `${c}: ok`).concat(failures.map((f) => `${f.channel}: failed (${f.statusCode}, ${f.statusMessage})`));
    return errors.partialSuccess(`Partial success: ${parts.join('; ')}`);
  }
  return ok();
}

function meOperation(request: ResourceRequest, center: ContactCenter): Reply {
  const name = operationName(request);
  if (isReply(name)) return name;
  switch (name) {
    case 'StartContactCenterSession':
      return startSession(request, center);
    case 'EndContactCenterSession': {
      const loggedIn = [...request.user.projected].filter(([, s]) => s !== 'LoggedOut');
      if (loggedIn.length === 0) return errors.notValid('There is no active contact-center session');
      request.engine.endHttpSessions(request.user);
      // The session's calls end with it.
      center.calls.releaseAll(request.user.fixture.id);
      return accepted(request, request.user, new Map(loggedIn.map(([c]) => [c, 'LoggedOut'])));
    }
    case 'Ready':
    case 'NotReady':
      // Public clients post these to /me [src: CODE-NET, CODE-JS]; accepted leniently as voice operations.
      return channelOperation(request, 'voice', name);
    default:
      return errors.notValid(`Operation ${name} is not valid on /me`);
  }
}

/** The caller's own user, and the contact-center session operations. */
export const me: Resource = {
  routes: [
    {
      pattern: '/me',
      access: 'user',
      get: (request, center) => {
        const entry = userEntry(request.user, request, center, {
          // GET /me?subresources=* returns devices and channels too [src: RECOVER, QAS850].
          // With `me-subresources-stale` they lag behind: every channel LoggedOut.
          channels: () => channelsView(request.user).map((c) => (request.defects.has('me-subresources-stale') ? { ...c, userState: USER_STATES.LoggedOut } : { ...c })),
        });
        if (request.defects.has('user-missing-field')) delete (entry.fields as Record<string, unknown>)['userName'];
        return found(singularBody('user', entry, request.query));
      },
      post: meOperation,
    },
  ],
};

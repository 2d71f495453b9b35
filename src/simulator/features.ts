import type { Reply } from './envelope.ts';
import { errors } from './errors.ts';
import type { Json } from './shapes.ts';
import type { ChannelName } from './types.ts';

/**
 * The features of the simulated system [src: Features 8.5.1: "api/v2/system/features represents all
 * features available in the system"], by the names the operation pages give as "Required features":
 * api-voice (CallsDial 8.5.2, StartContactCenterSession 8.5.2), api-multimedia (ChatAccept 8.5.2,
 * EmailCreate 8.5.2, OpenMediaAPICreate 8.5.2), api-supervisor-monitoring (SupervisorListenIn,
 * SupervisorCoach), api-supervisor-agent-control (AgentStateControlNotReady 8.5.2),
 * api-voice-recording (CallRecordingPauseCallRecording 8.6.0), api-voice-outbound
 * (OutboundDialPreview 8.5.2), api-voice-instant-messaging (IMSessionComplete 8.6.0). The simulator
 * serves nothing of the last two: turning them off changes only the feature lists.
 */
export const SYSTEM_FEATURES = [
  'api-voice',
  'api-multimedia',
  'api-supervisor-monitoring',
  'api-supervisor-agent-control',
  'api-voice-recording',
  'api-voice-outbound',
  'api-voice-instant-messaging',
] as const;
export type FeatureName = (typeof SYSTEM_FEATURES)[number];

/** Every feature of the system: the contact center's when none is turned off. */
export const ALL_FEATURES: ReadonlySet<FeatureName> = new Set(SYSTEM_FEATURES);

/** The feature a channel belongs to: voice to the Voice API, chat and email to the multimedia APIs. */
export const CHANNEL_FEATURES: Readonly<Record<ChannelName, FeatureName>> = { voice: 'api-voice', chat: 'api-multimedia', email: 'api-multimedia' };

/** The features a channel needs: none for a channel the simulator does not know (its own 6 follows). */
export function channelFeatures(channel: string | undefined): readonly FeatureName[] {
  return channel !== undefined && Object.hasOwn(CHANNEL_FEATURES, channel) ? [CHANNEL_FEATURES[channel as ChannelName]] : [];
}

/** What a route's feature rule sees of the request. */
export interface FeatureQuestion {
  readonly params: Readonly<Record<string, string>>;
  readonly body: Json;
}

type Rule = (request: FeatureQuestion) => readonly FeatureName[];

const VOICE: readonly FeatureName[] = ['api-voice'];
const MULTIMEDIA: readonly FeatureName[] = ['api-multimedia'];
const always = (features: readonly FeatureName[]): Rule => () => features;
const operationOf = (request: FeatureQuestion): string | undefined => {
  const name = request.body['operationName'];
  return typeof name === 'string' ? name : undefined;
};
const MONITORING_OPERATIONS: ReadonlySet<string> = new Set(['ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring']);
const RECORDING_OPERATIONS: ReadonlySet<string> = new Set(['StartCallRecording', 'StopCallRecording', 'PauseCallRecording', 'ResumeCallRecording']);

/**
 * The features each route needs, by `METHOD pattern` (the resources' patterns); a route not listed
 * needs none (users, skills, /me, the features themselves, the Customer Chat API, whose pages say
 * "Required Features: -"). The decisions are listed in docs/simulator.md.
 */
export const ROUTE_FEATURES: Readonly<Record<string, Rule>> = {
  // StartContactCenterSession is decided per channel (resources/me.ts); EndContactCenterSession ends
  // whatever session there is; Ready and NotReady on /me are voice operations.
  'POST /me': (request) => (operationOf(request) === 'Ready' || operationOf(request) === 'NotReady' ? VOICE : []),
  'GET /me/channels/:channel': (request) => channelFeatures(request.params['channel']),
  'POST /me/channels/:channel': (request) => channelFeatures(request.params['channel']),
  'GET /me/devices': always(VOICE),
  'GET /me/devices/:id': always(VOICE),
  // [src: SupervisorListenIn latest, SupervisorCoach 8.5.2: "api-voice, api-supervisor-monitoring"; ForwardCallsOn latest: "api-voice"]
  'POST /me/devices/:id': (request) => (MONITORING_OPERATIONS.has(operationOf(request) ?? '') ? ['api-voice', 'api-supervisor-monitoring'] : VOICE),
  'POST /me/devices/:id/calls': always(VOICE),
  'GET /devices': always(VOICE),
  'GET /devices/:id': always(VOICE),
  'GET /users/:id/devices': always(VOICE),
  'GET /me/calls': always(VOICE),
  'GET /me/calls/:id': always(VOICE),
  // A call exists only with api-voice; recording needs api-voice-recording too [src: CallRecordingPauseCallRecording 8.6.0].
  'POST /me/calls/:id': (request) => (RECORDING_OPERATIONS.has(operationOf(request) ?? '') ? ['api-voice', 'api-voice-recording'] : VOICE),
  // [src: AgentStateControlNotReady 8.5.2: "api-supervisor-agent-control"]; the agent's channel must exist too.
  'POST /users/:id/channels/:channel': (request) => ['api-supervisor-agent-control', ...channelFeatures(request.params['channel'])],
  'GET /me/chats': always(MULTIMEDIA),
  'GET /me/chats/:id/messages': always(MULTIMEDIA),
  'POST /me/chats/:id': always(MULTIMEDIA),
  'GET /me/emails': always(MULTIMEDIA),
  'POST /me/emails': always(MULTIMEDIA),
  'POST /me/emails/:id': always(MULTIMEDIA),
  'GET /me/openmedia/:mediaType': always(MULTIMEDIA),
  'POST /me/openmedia/:mediaType': always(MULTIMEDIA),
  'POST /me/openmedia/:mediaType/:id': always(MULTIMEDIA),
};

/**
 * The answer to a request that needs a feature the contact center does not have, or undefined: "the
 * API behaves as if this set of functionality does not exist ... 404 errors when relevant resources
 * are accessed ... operations return with invalid operation errors" [src: Features 8.5.1]. A read
 * answers statusCode 6 (HTTP 404), an operation statusCode 2 (HTTP 400).
 */
export function featureRefusal(method: string, pattern: string, path: string, request: FeatureQuestion, enabled: ReadonlySet<string>): Reply | undefined {
  const rule = ROUTE_FEATURES[`${method} ${pattern}`];
  const missing = rule === undefined ? undefined : rule(request).find((feature) => !enabled.has(feature));
  if (missing === undefined) return undefined;
  if (method === 'GET') return errors.featureNotEnabled(6, `No resource at ${path.slice(0, 200)}`, missing);
  const name = operationOf(request);
  return errors.featureNotEnabled(2, `Operation ${name === undefined ? `${method} ${pattern}` : name.slice(0, 80)} is not valid`, missing);
}

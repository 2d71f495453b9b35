/** Public vocabulary of the GWS simulator. */
import { CALL_DEFECTS } from './calls/types.ts';
import { CHAT_DEFECTS } from './interactions/chat/types.ts';
import { EMAIL_DEFECTS } from './interactions/email/types.ts';
import { OPENMEDIA_DEFECTS } from './interactions/openmedia/model.ts';
import { READ_DEFECTS } from './lists.ts';
import type { FeatureName } from './features.ts';
import type { PipelineParts } from './pipeline/types.ts';

export const ROLES = ['ROLE_AGENT', 'ROLE_SUPERVISOR', 'ROLE_ADMIN', 'ROLE_APIUSER'] as const;
export type Role = (typeof ROLES)[number];

/** Channels an agent can log in on; voice is backed by a device. */
export const CHANNEL_NAMES = ['voice', 'chat', 'email'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Agent states the simulator tracks per channel. */
export const AGENT_STATES = ['LoggedOut', 'Ready', 'NotReady', 'AfterCallWork', 'AuxWork'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** The userState object as GWS sends it in devices, channels and DeviceStateChangeMessage. */
export interface UserState {
  readonly id?: string;
  readonly displayName?: string;
  readonly state: string;
  readonly workMode?: string;
}

/** A device resource, identical in REST reads and in DeviceStateChangeMessage [src: DEVRES]. */
export interface Device {
  readonly id: string;
  readonly deviceState: 'Active' | 'Inactive';
  readonly userState: UserState;
  readonly phoneNumber: string;
  readonly e164Number: string;
  readonly telephonyNetwork: 'Private' | 'Public';
  readonly doNotDisturb: 'On' | 'Off';
  /** Present while calls are forwarded [src: DevicesAttribs]. */
  readonly forwardTo?: string;
  /** A device may carry its local number [src: DevicesAttribs]; the seed's devices have none. */
  readonly localNumber?: string;
  readonly voiceEnvironmentUri: string;
  readonly capabilities: readonly string[];
  /** While a supervisor monitors an agent [src: SupervisorListenIn]. */
  readonly supervisorMonitoringState?: Readonly<Record<string, unknown>>;
}

/** A channel item of GET /me/channels [src: CHANRES]. */
export interface Channel {
  readonly channel: ChannelName;
  readonly userState: UserState;
  readonly phoneNumber?: string;
  readonly switchName?: string;
  readonly userActivity?: string;
}

export interface StateAppliedEvent {
  readonly userId: string;
  readonly devices: readonly Device[];
  readonly channels: readonly Channel[];
}

/** Users, skills and initial agent state; the default seed has this shape too. */
export interface Fixtures {
  readonly users: readonly FixtureUser[];
  readonly skills?: readonly FixtureSkill[];
  /** Channels whose backend is down: StartContactCenterSession fails for them (statusCode 7 or a plain error). */
  readonly failingChannels?: readonly ChannelName[];
}

export interface FixtureUser {
  /** 32 lowercase hex characters. */
  readonly id: string;
  readonly userName: string;
  /** May be empty, as in `curl -u ksippo:`. */
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roles: readonly Role[];
  readonly enabled?: boolean;
  readonly changePasswordOnFirstLogin?: boolean;
  readonly emailAddress?: string;
  /** Ids of skills from `skills`, with the user's level. */
  readonly skills?: readonly { readonly id: string; readonly level: number }[];
  /** The user's voice device (none: the user cannot log in on voice). */
  readonly device?: { readonly id: string; readonly phoneNumber: string };
  /** Channels the user may log in on (default: voice when a device exists, chat, email). */
  readonly channels?: readonly ChannelName[];
  /** Channels logged in at start, each with its state; non-empty means an active contact-center session. */
  readonly loggedIn?: Readonly<Partial<Record<ChannelName, Exclude<AgentState, 'LoggedOut'>>>>;
}

export interface FixtureSkill {
  /** Dashed UUID. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
}

export const FAULT_TYPES = [
  'latency',
  'status-code',
  'http-5xx-html',
  'not-json',
  'wrong-content-type',
  'hang',
  'reset',
  'async-never-applied',
  'down',
  'large-body',
  'mutate',
  'notification-dropped',
  'notification-delayed',
  'notification-malformed',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** What a `latency` fault holds back: the request before it is handled, or only its answer. */
export const LATENCY_PHASES = ['request', 'answer'] as const;
export type LatencyPhase = (typeof LATENCY_PHASES)[number];

interface FaultBase {
  /** Glob on the path below the prefix (`/me/**`, `/users/*`); absent: every request. */
  readonly route?: string;
  /** HTTP method the fault applies to; absent: every method. */
  readonly method?: string;
  /** Probability 0..1 that a matching request is affected (default 1). */
  readonly rate?: number;
  /** Stop after affecting this many requests. */
  readonly times?: number;
}

export type FaultSpec =
  /**
   * `delays`: `request` (default) holds the request before the server handles it, so an operation
   * takes effect late, after a client may have given up; `answer` handles it at once and holds
   * only the answer, so the operation has taken effect when the client gives up.
   */
  | (FaultBase & { readonly type: 'latency'; readonly fixedMs: number; readonly jitterMs?: number; readonly delays?: LatencyPhase })
  | (FaultBase & { readonly type: 'status-code'; readonly statusCode: number; readonly httpStatus?: number; readonly statusMessage?: string })
  | (FaultBase & { readonly type: 'http-5xx-html'; readonly httpStatus?: number })
  | (FaultBase & { readonly type: 'not-json' })
  | (FaultBase & { readonly type: 'wrong-content-type'; readonly contentType?: string })
  | (FaultBase & { readonly type: 'hang' })
  | (FaultBase & { readonly type: 'reset' })
  | (FaultBase & { readonly type: 'async-never-applied' })
  | (FaultBase & { readonly type: 'down'; readonly durationMs: number })
  | (FaultBase & { readonly type: 'large-body'; readonly bytes: number })
  | (FaultBase & { readonly type: 'mutate'; readonly op: 'add' | 'remove' | 'retype'; readonly pointer: string; readonly value?: unknown })
  // Notification faults act on CometD notifications, not on HTTP requests: `route` globs the Bayeux channel (e.g. /v2/me/devices).
  | (FaultBase & { readonly type: 'notification-dropped' })
  | (FaultBase & { readonly type: 'notification-delayed'; readonly delayMs: number })
  | (FaultBase & { readonly type: 'notification-malformed' });

export type ActiveFault = FaultSpec & { readonly id: string };

/** Deliberately wrong behaviours, for proving that the contract gate catches each. */
export const DEFECT_MODES = [
  'user-missing-field',
  'user-id-wrong-type',
  'error-extra-attributes',
  'status-message-on-success',
  'no-auth-required',
  'wrong-password-accepted',
  'async-never-applied',
  'wrong-state-applied',
  'operation-echoes-state',
  'slow',
  'text-content-type',
  'status-code-string',
  'relative-uris',
  'roles-not-enforced',
  'role-administrator',
  'missing-operation-name-accepted',
  'skill-level-number',
  // GET /me?subresources=* shows every channel LoggedOut, whatever GET /me/channels says.
  'me-subresources-stale',
  // GET /features lists the features turned off too; their operations are still refused.
  'feature-listed-not-served',
  'notification-wrong-state',
  'notification-malformed',
  'notification-wrong-user',
  // Call and device control [src: gws-api Additions 2026-12].
  ...CALL_DEFECTS,
  // Chat operations, their answers and their notifications.
  ...CHAT_DEFECTS,
  // Email and open-media operations, their answers and their notifications.
  ...EMAIL_DEFECTS,
  ...OPENMEDIA_DEFECTS,
  // Field lists, subresources, filters and sorting of the users reads.
  ...READ_DEFECTS,
] as const;
export type DefectMode = (typeof DEFECT_MODES)[number];

export interface SimulatorOptions {
  /** API root path (default `/api/v2`; e.g. `/cloud-web/api/v2`). */
  readonly prefix?: string;
  /** Delay before an accepted operation takes effect (default 50). */
  readonly asyncDelayMs?: number;
  /** HTTP status for missing or wrong credentials (default 403; 401 adds `WWW-Authenticate: Basic realm="GWS"`). */
  readonly authFailureStatus?: 401 | 403;
  /** CSRF protection as with `enableCsrfProtection: true` (default false). */
  readonly csrf?: boolean;
  /** Longest accepted request URL, scheme and host included (default 2000). */
  readonly urlLimit?: number;
  /** HTTP status for an overlong URL (default 414; 400 is the other plausible answer). */
  readonly urlLimitHttpStatus?: 414 | 400;
  /** HTTP status beside a non-zero statusCode: the decisions table (`mapped`, default) or always 200. */
  readonly errorHttpStatus?: 'mapped' | 'always-200';
  /** statusCode for a role denial (default 5; 3 is the other documented candidate). */
  readonly roleDenialStatusCode?: 3 | 5;
  /** Version string of GET /diagnostics/version (default 8.5.201.04). */
  readonly version?: string;
  readonly fixtures?: Fixtures;
  readonly faults?: readonly FaultSpec[];
  readonly defects?: readonly DefectMode[];
  /** Largest accepted request body (default 1 MiB); larger bodies get HTTP 413 with statusCode 10. */
  readonly maxBodyBytes?: number;
  /**
   * Features of the system the contact center does not have (default none: every one of
   * `SYSTEM_FEATURES` is on). GET /features leaves them out, and the API behaves as if they did not
   * exist: their reads answer 6, their operations 2 [src: Features 8.5.1]. They stay off across reset.
   */
  readonly disabledFeatures?: readonly string[];
  /** Replacement parts of the request pipeline (route, authenticate, faults, resources, rewrite, envelope), for tests. */
  readonly pipeline?: PipelineParts;
}

export interface ResolvedSimulatorOptions {
  readonly prefix: string;
  readonly asyncDelayMs: number;
  readonly authFailureStatus: 401 | 403;
  readonly csrf: boolean;
  readonly urlLimit: number;
  readonly urlLimitHttpStatus: 414 | 400;
  readonly errorHttpStatus: 'mapped' | 'always-200';
  readonly roleDenialStatusCode: 3 | 5;
  readonly version: string;
  readonly fixtures: Fixtures;
  readonly maxBodyBytes: number;
  /** The features turned off, each once, in the order of `SYSTEM_FEATURES`. */
  readonly disabledFeatures: readonly FeatureName[];
}

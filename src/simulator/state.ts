import { randomBytes, randomUUID } from 'node:crypto';
import { createCallModel, renderDeviceControl, type CallModel, type DeviceControl, type Line } from './calls/index.ts';
import { ALL_FEATURES, CHANNEL_FEATURES } from './features.ts';
import { createChatModel, createEmailModel, createOpenmediaModel, type ChatModel, type EmailModel, type EmailRoster, type OpenmediaModel, type Roster } from './interactions/index.ts';
import { USER_STATES, VOICE_ENVIRONMENT_ID } from './seed.ts';
import { CHANNEL_NAMES, type AgentState, type Channel, type ChannelName, type Device, type FixtureSkill, type FixtureUser, type Fixtures } from './types.ts';

/** One user and their agent state: `applied` is what GETs show, `projected` what accepted operations lead to. */
export interface UserRecord {
  readonly fixture: FixtureUser;
  readonly channels: readonly ChannelName[];
  readonly applied: Map<ChannelName, AgentState>;
  readonly projected: Map<ChannelName, AgentState>;
}

export interface Session {
  readonly id: string;
  userId: string | null;
  readonly csrfToken: string;
}

/** Sessions kept at most; the oldest are dropped first, so clients that never send the cookie cannot exhaust memory. */
const MAX_SESSIONS = 10_000;

export class SessionStore {
  readonly #sessions = new Map<string, Session>();

  create(userId: string | null): Session {
    const session: Session = { id: randomBytes(16).toString('hex').toUpperCase(), userId, csrfToken: randomUUID() };
    this.#sessions.set(session.id, session);
    if (this.#sessions.size > MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest !== undefined) this.#sessions.delete(oldest);
    }
    return session;
  }

  get(id: string | undefined): Session | undefined {
    return id === undefined ? undefined : this.#sessions.get(id);
  }

  /** EndContactCenterSession invalidates the HTTP session [src: ECCS]; every session of that user goes. */
  invalidateUser(userId: string): void {
    for (const [id, session] of this.#sessions) if (session.userId === userId) this.#sessions.delete(id);
  }

  clear(): void {
    this.#sessions.clear();
  }
}

function channelsOf(user: FixtureUser): ChannelName[] {
  if (user.channels !== undefined) return [...user.channels];
  return user.device === undefined ? ['chat', 'email'] : [...CHANNEL_NAMES];
}

/**
 * The seeded devices as lines of the call model; ROLE_SUPERVISOR may monitor [src: DevicesAttribs].
 * Without api-voice there are no devices; without api-supervisor-monitoring no one monitors
 * [src: Features 8.5.1: "the API behaves as if this set of functionality does not exist"].
 */
export function linesOf(fixtures: Fixtures, features: ReadonlySet<string> = ALL_FEATURES): Line[] {
  if (!features.has('api-voice')) return [];
  const monitoring = features.has('api-supervisor-monitoring');
  return fixtures.users.flatMap((u) =>
    u.device === undefined ? [] : [{ userId: u.id, deviceId: u.device.id, phoneNumber: u.device.phoneNumber, supervisor: monitoring && u.roles.includes('ROLE_SUPERVISOR') }],
  );
}

/** A call model on its own: transitions apply on the next turn and publish nowhere. */
function standaloneCalls(lines: readonly Line[], recording: boolean): CallModel {
  return createCallModel({ lines, recording, clock: Date, scheduler: { defer: (task) => queueMicrotask(task) }, publish: () => undefined });
}

/** A chat model on its own: chats are routed on the next turn and published nowhere. */
function standaloneChats(roster: Roster): ChatModel {
  return createChatModel({ roster, clock: Date, scheduler: { defer: (task) => queueMicrotask(task) }, publish: () => undefined });
}

const nextTurn = { defer: (task: () => void) => queueMicrotask(task) };

/** How a contact center builds its interaction models; each defaults to one that publishes nowhere. */
export interface MediaFactories {
  /** `recording`: calls offer the recording operations (api-voice-recording). */
  readonly calls: (lines: readonly Line[], recording: boolean) => CallModel;
  readonly chats: (roster: Roster) => ChatModel;
  readonly emails: (roster: EmailRoster) => EmailModel;
  readonly openmedia: (isUser: (userId: string) => boolean) => OpenmediaModel;
}

const STANDALONE: MediaFactories = {
  calls: standaloneCalls,
  chats: standaloneChats,
  emails: (roster) => createEmailModel({ roster, scheduler: nextTurn, publish: () => undefined }),
  openmedia: (isUser) => createOpenmediaModel({ isUser, scheduler: nextTurn, publish: () => undefined }),
};

/** Users, skills, agent state, calls, chats, emails and open media built from fixtures. */
export class ContactCenter {
  readonly users = new Map<string, UserRecord>();
  readonly byName = new Map<string, UserRecord>();
  readonly skills: readonly FixtureSkill[];
  readonly failingChannels: ReadonlySet<ChannelName>;
  /** Calls and device controls (DND, forwarding, monitoring). */
  readonly calls: CallModel;
  /** Chats, offered to agents whose chat channel is Ready, and their customers' side. */
  readonly chats: ChatModel;
  /** Inbound emails offered to agents whose email channel is Ready, and the agents' outbound drafts. */
  readonly emails: EmailModel;
  readonly openmedia: OpenmediaModel;
  /** The absolute API root of the latest request: the URIs of calls announced later start with it. */
  apiRoot: string;
  /** The features the contact center has: a channel, device or operation of another does not exist here. */
  readonly features: ReadonlySet<string>;

  constructor(fixtures: Fixtures, media: Partial<MediaFactories> = {}, apiRoot = '', features: ReadonlySet<string> = ALL_FEATURES) {
    const factories = { ...STANDALONE, ...media };
    this.features = features;
    this.calls = factories.calls(linesOf(fixtures, features), features.has('api-voice-recording'));
    // In the fixtures' order, so that the first Ready agent is always the same one.
    const ready = (channel: ChannelName): string[] => [...this.users.values()].filter((u) => u.applied.get(channel) === 'Ready').map((u) => u.fixture.id);
    const hasChannel = (userId: string, channel: ChannelName): boolean => this.users.get(userId)?.channels.includes(channel) === true;
    this.chats = factories.chats({ readyChatAgents: () => ready('chat'), hasChatChannel: (userId) => hasChannel(userId, 'chat') });
    this.emails = factories.emails({ readyEmailAgents: () => ready('email'), hasEmailChannel: (userId) => hasChannel(userId, 'email') });
    this.openmedia = factories.openmedia((userId) => this.users.has(userId));
    this.apiRoot = apiRoot;
    this.skills = fixtures.skills ?? [];
    this.failingChannels = new Set(fixtures.failingChannels ?? []);
    for (const fixture of fixtures.users) {
      // A channel whose feature is off is no channel of the user's (voice: api-voice; chat, email: api-multimedia).
      const channels = channelsOf(fixture).filter((channel) => features.has(CHANNEL_FEATURES[channel]));
      const initial = new Map<ChannelName, AgentState>(channels.map((c) => [c, fixture.loggedIn?.[c] ?? 'LoggedOut']));
      const record: UserRecord = { fixture, channels, applied: new Map(initial), projected: new Map(initial) };
      this.users.set(fixture.id, record);
      this.byName.set(fixture.userName, record);
    }
  }

  findDevice(deviceId: string): UserRecord | undefined {
    for (const user of this.users.values()) if (user.fixture.device?.id === deviceId) return user;
    return undefined;
  }
}

/**
 * The device object of DeviceStateChangeMessage and GET /devices/{id} [src: NOTREADY, DEVRES], with
 * what device control owns: capabilities offer the operation that changes the current setting,
 * DoNotDisturbOff while DND is on, ForwardCallsOff (and `forwardTo`) while calls are forwarded
 * [src: DevicesAttribs, AgentStateDoNotDisturbOn/Off].
 */
export function deviceOf(user: UserRecord, root: string, control: DeviceControl | undefined): Device | undefined {
  const device = user.fixture.device;
  if (device === undefined || control === undefined) return undefined;
  return {
    id: device.id,
    deviceState: 'Active',
    userState: USER_STATES[user.applied.get('voice') ?? 'LoggedOut'],
    phoneNumber: device.phoneNumber,
    e164Number: device.phoneNumber,
    telephonyNetwork: 'Private',
    voiceEnvironmentUri: `${root}/voice-environments/${VOICE_ENVIRONMENT_ID}`,
    ...(renderDeviceControl(control, root) as Pick<Device, 'doNotDisturb' | 'forwardTo' | 'capabilities' | 'supervisorMonitoringState'>),
  };
}

/** Channel items as GET /me/channels shows them [src: CHANRES]; switchName only on voice. */
export function channelsView(user: UserRecord): Channel[] {
  return user.channels.map((channel) => {
    const userState = USER_STATES[user.applied.get(channel) ?? 'LoggedOut'];
    if (channel !== 'voice') return { channel, userState };
    return {
      channel,
      phoneNumber: user.fixture.device?.phoneNumber ?? '',
      switchName: 'SIP_Switch',
      userActivity: 'Idle',
      userState,
    };
  });
}

import type { FeatureName } from './features.ts';
import { USER_STATES } from './seed.ts';
import type { Json } from './shapes.ts';

/**
 * One settings group the simulator serves at `<root>/settings/<name>`. A group of one settings
 * object (general-settings) has no key; a group that is a list of settings names the attribute
 * that identifies each of them, unique within the group [src: UserSettingsCreateGroup 8.5.2], and
 * GET /settings lists it by displayName, key and uri [src: SettingsCustom 8.5.2].
 */
export interface SettingsGroupSeed {
  readonly name: string;
  readonly displayName: string;
  readonly key?: string;
  readonly settings: Json | readonly Json[];
  /** Without this feature the group is not there: "settings groups are not visible in lists" [src: Features 8.5.1]. */
  readonly feature?: FeatureName;
}

/**
 * The agent states a desktop offers: the system-defined operations with the userState each one
 * leads to, so that a desktop can find the current state by its displayName; then the Not Ready
 * reasons, agent states of their own that lead to NotReady. Their attributes are not in the docs
 * read; operationName is the key, as the Voice Operations group's is [src: SettingsCustom 8.5.2].
 */
const SYSTEM_AGENT_STATES: readonly Json[] = (
  [
    ['Ready', 'Ready'],
    ['NotReady', 'NotReady'],
    ['AfterCallWork', 'AfterCallWork'],
    ['AuxWork', 'AuxWork'],
    ['Offline', 'LoggedOut'],
  ] as const
).map(([operationName, state]) => {
  const { displayName, state: userState, workMode } = USER_STATES[state];
  return { operationName, displayName, state: userState, ...(workMode === undefined ? {} : { workMode }) };
});

/** The seeded Not Ready reasons: each operationName sets the channel NotReady. */
export const NOT_READY_REASONS: readonly string[] = ['Lunch', 'Break', 'Training'];

/**
 * The settings groups of the simulated contact center, in the order GET /settings lists them.
 * general-settings is the General settings page's own sample [src: SettingsSystem 8.5.2]; voice and
 * voice-operations carry the displayName and key of the listing sample [src: SettingsCustom 8.5.2]
 * and no settings, their contents not being in the docs read; dispositions is a group a contact
 * center defines for itself, as custom groups are.
 */
export const SETTINGS_GROUPS: readonly SettingsGroupSeed[] = [
  { name: 'general-settings', displayName: 'General Settings', settings: { countryCode: 'US', countryDigits: '1', countryName: 'United States' } },
  {
    name: 'agent-states',
    displayName: 'Agent States',
    key: 'operationName',
    settings: [...SYSTEM_AGENT_STATES, ...NOT_READY_REASONS.map((reason) => ({ operationName: reason, displayName: reason, state: 'NotReady' }))],
  },
  {
    name: 'dispositions',
    displayName: 'Dispositions',
    key: 'name',
    settings: [
      { name: 'Resolved', displayName: 'Resolved' },
      { name: 'CallBack', displayName: 'Call back' },
      { name: 'Escalated', displayName: 'Escalated' },
    ],
  },
  { name: 'voice', displayName: 'Voice', key: 'name', settings: [], feature: 'api-voice' },
  { name: 'voice-operations', displayName: 'Voice Operations', key: 'operationName', settings: [], feature: 'api-voice' },
];

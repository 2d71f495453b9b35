import { READ, READ_BY_ID, UNCONFIRMED, operation } from './catalog-entry.ts';
import type { Operation } from './types.ts';

const TAGS = ['settings'] as const;

/**
 * Catalog entries of the Settings API: the settings groups and the groups a desktop reads at
 * start-up. The Settings pages are resource pages and name no required feature [src: SettingsSystem
 * 8.5.2]. A group is read by its name, so a name the server has no group for answers 6 (a resource
 * not found) [src: RV852]. The list of groups is an administrator's; who may read one group is not
 * in the docs read, and the groups a desktop needs are read as the agent, as a desktop reads them.
 */
export const SETTINGS_CATALOG: readonly Operation[] = Object.freeze([
  operation({
    method: 'GET', path: '/settings', identity: 'admin', statusCodes: READ, tags: TAGS,
    summary: 'the settings groups, each as displayName, key and uri, admin only [SettingsCustom 8.5.2, SettingsSystem 8.5.2]',
  }),
  operation({
    method: 'GET', path: '/settings/general-settings', identity: 'user', statusCodes: READ_BY_ID, tags: TAGS,
    summary: 'the contact center\'s countryCode, countryDigits and countryName, read-only [SettingsSystem 8.5.2]',
  }),
  operation({
    method: 'GET', path: '/settings/agent-states', identity: 'user', statusCodes: READ_BY_ID, tags: [...TAGS, UNCONFIRMED],
    summary: 'the agent states a desktop offers, Not Ready reasons among them [SettingsSystem 8.5.2] (path and attributes UNCONFIRMED)',
  }),
]);

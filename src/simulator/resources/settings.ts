import { errors } from '../errors.ts';
import { SETTINGS_GROUPS, type SettingsGroupSeed } from '../settings-seed.ts';
import { found, type Resource, type ResourceRequest } from './types.ts';

/** The groups the contact center has: a group whose feature is off is not there [src: Features 8.5.1]. */
function groupsOf(request: ResourceRequest): SettingsGroupSeed[] {
  return SETTINGS_GROUPS.filter((group) => group.feature === undefined || request.features.has(group.feature));
}

/**
 * The settings groups [src: SettingsSystem 8.5.2, SettingsCustom 8.5.2]. `GET /settings` (an
 * administrator's) lists the groups of settings, each as displayName, key and uri; a group of one
 * settings object has no key to list it by and is read by its name only. `GET /settings/{name}`
 * answers the group's settings, a list or one object, to any user: a desktop reads them at start-up.
 * A name no group has is a resource not found (6).
 */
export const settings: Resource = {
  routes: [
    {
      pattern: '/settings',
      access: 'admin',
      get: (request) =>
        found({
          statusCode: 0,
          settings: groupsOf(request).flatMap((group) =>
            group.key === undefined ? [] : [{ displayName: group.displayName, key: group.key, uri: `${request.root}/settings/${encodeURIComponent(group.name)}` }],
          ),
        }),
    },
    {
      pattern: '/settings/:group',
      access: 'user',
      get: (request) => {
        const name = request.params['group'] ?? '';
        const group = groupsOf(request).find((g) => g.name === name);
        return group === undefined ? errors.notFound(`Settings group ${name.slice(0, 80)}`) : found({ statusCode: 0, settings: group.settings });
      },
    },
  ],
};

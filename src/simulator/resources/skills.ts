import { errors } from '../errors.ts';
import { collectionBody, singularBody, type Entry } from '../shapes.ts';
import type { ContactCenter } from '../state.ts';
import { found, isReply, type Resource, type ResourceRequest } from './types.ts';
import { skillJson, targetUser, userSkills } from './views.ts';

function skillEntries(request: ResourceRequest, center: ContactCenter): Entry[] {
  return center.skills.map((s) => ({ uri: `${request.root}/skills/${s.id}`, fields: skillJson(s, 0, request) }));
}

/** Skills: the catalogue (admin), the caller's, and a user's with levels [src: SKILLS851]. */
export const skills: Resource = {
  routes: [
    {
      pattern: '/me/skills',
      access: 'user',
      get: (request, center) =>
        found(collectionBody('skills', userSkills(request.user, request, center).map((s) => ({ uri: `${request.root}/skills/${String(s['id'])}`, fields: s })), request.query)),
    },
    {
      pattern: '/users/:id/skills',
      access: 'admin',
      get: (request, center) => {
        const user = targetUser(request, center);
        if (isReply(user)) return user;
        const entries = userSkills(user, request, center).map((s) => ({ uri: `${request.root}/users/${user.fixture.id}/skills/${String(s['id'])}`, fields: s }));
        return found(collectionBody('skills', entries, request.query));
      },
    },
    {
      pattern: '/users/:id/skills/:skillId',
      access: 'admin',
      get: (request, center) => {
        const user = targetUser(request, center);
        if (isReply(user)) return user;
        const skill = userSkills(user, request, center).find((s) => s['id'] === request.params['skillId']);
        if (skill === undefined) return errors.notFound(`Skill ${request.params['skillId'] ?? ''}`, 'for user');
        return found(singularBody('skill', { uri: `${request.root}/users/${user.fixture.id}/skills/${String(skill['id'])}`, fields: skill }, request.query));
      },
    },
    { pattern: '/skills', access: 'admin', get: (request, center) => found(collectionBody('skills', skillEntries(request, center), request.query)) },
    {
      pattern: '/skills/:id',
      access: 'admin',
      get: (request, center) => {
        const entry = skillEntries(request, center).find((e) => e.fields['id'] === request.params['id']);
        return entry === undefined ? errors.notFound(`Skill ${request.params['id'] ?? ''}`) : found(singularBody('skill', entry, request.query));
      },
    },
  ],
};

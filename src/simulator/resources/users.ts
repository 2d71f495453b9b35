import { collectionBody, singularBody } from '../shapes.ts';
import { found, isReply, type Resource } from './types.ts';
import { targetUser, userEntry } from './views.ts';

/** Users of the contact center [src: UsersResource]. */
export const users: Resource = {
  routes: [
    {
      pattern: '/users',
      access: 'user',
      get: (request, center) => found(collectionBody('users', [...center.users.values()].map((u) => userEntry(u, request, center)), request.query)),
    },
    {
      pattern: '/users/:id',
      access: 'user',
      get: (request, center) => {
        const user = targetUser(request, center);
        return isReply(user) ? user : found(singularBody('user', userEntry(user, request, center), request.query));
      },
    },
  ],
};

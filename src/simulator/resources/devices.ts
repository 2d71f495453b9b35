import { errors } from '../errors.ts';
import { collectionBody, singularBody, type Entry } from '../shapes.ts';
import { found, isReply, type Resource } from './types.ts';
import { deviceEntries, isAdmin, targetUser } from './views.ts';

/** Voice devices: the caller's, everyone's (admin), one by id [src: DEVLIST, DEVRES]. */
export const devices: Resource = {
  routes: [
    { pattern: '/me/devices', access: 'user', get: (request) => found(collectionBody('devices', deviceEntries(request.user, request), request.query)) },
    {
      pattern: '/devices',
      access: 'admin',
      get: (request, center) => found(collectionBody('devices', [...center.users.values()].flatMap((u) => deviceEntries(u, request)), request.query)),
    },
    {
      pattern: '/devices/:id',
      access: 'user',
      get: (request, center) => {
        const id = request.params['id'] ?? '';
        const owner = center.findDevice(id);
        if (owner === undefined) return errors.notFound(`Device ${id}`);
        // Agents read their own device (the URIs /me/devices hands out); other devices need admin [src: DEVLIST].
        if (owner !== request.user && !isAdmin(request.user) && !request.defects.has('roles-not-enforced')) {
          return errors.permissionDenied(5, 'User does not have permission to read this device');
        }
        return found(singularBody('device', deviceEntries(owner, request)[0] as Entry, request.query));
      },
    },
    {
      pattern: '/users/:id/devices',
      access: 'admin',
      get: (request, center) => {
        const user = targetUser(request, center);
        return isReply(user) ? user : found(collectionBody('devices', deviceEntries(user, request), request.query));
      },
    },
  ],
};

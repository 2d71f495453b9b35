import { errors } from '../errors.ts';
import { collectionBody, singularBody, type Entry } from '../shapes.ts';
import { replyOf } from './calls.ts';
import { found, isReply, type Resource } from './types.ts';
import { deviceEntries, isAdmin, targetUser } from './views.ts';

/**
 * Voice devices: the caller's, everyone's (admin), one by id [src: DEVLIST, DEVRES, QueryAgentState
 * 8.5.0]; device operations and Dial on the caller's own device [src: AgentStateDoNotDisturbOn/Off,
 * ForwardCallsOn, SupervisorListenIn, CallsDial 8.5.2].
 */
export const devices: Resource = {
  routes: [
    { pattern: '/me/devices', access: 'user', get: (request, center) => found(collectionBody('devices', deviceEntries(request.user, request, center), request.query)) },
    {
      pattern: '/me/devices/:id',
      access: 'user',
      get: (request, center) => {
        const id = request.params['id'] ?? '';
        const entry = deviceEntries(request.user, request, center).find((e) => e.fields['id'] === id);
        return entry === undefined ? errors.notFound(`Device ${id}`) : found(singularBody('device', entry, request.query));
      },
      post: (request, center) => replyOf(center.calls.device(request.user.fixture.id, request.params['id'] ?? '', request.body)),
    },
    {
      pattern: '/me/devices/:id/calls',
      access: 'user',
      post: (request, center) => replyOf(center.calls.dial(request.user.fixture.id, request.params['id'] ?? '', request.body)),
    },
    {
      pattern: '/devices',
      access: 'admin',
      get: (request, center) => found(collectionBody('devices', [...center.users.values()].flatMap((u) => deviceEntries(u, request, center)), request.query)),
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
        return found(singularBody('device', deviceEntries(owner, request, center)[0] as Entry, request.query));
      },
    },
    {
      pattern: '/users/:id/devices',
      access: 'admin',
      get: (request, center) => {
        const user = targetUser(request, center);
        return isReply(user) ? user : found(collectionBody('devices', deviceEntries(user, request, center), request.query));
      },
    },
  ],
};

import { collectionBody } from '../shapes.ts';
import { found, type Resource } from './types.ts';

/** The caller's calls [src: CallsDeviceResource]; no call model yet, so always an empty list. */
export const calls: Resource = {
  routes: [{ pattern: '/me/calls', access: 'user', get: (request) => found(collectionBody('calls', [], request.query)) }],
};

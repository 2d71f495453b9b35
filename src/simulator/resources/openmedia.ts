import { MEDIA_TYPES, renderOpenmedia, unknownMediaType } from '../interactions/index.ts';
import { collectionBody } from '../shapes.ts';
import { interactionReply } from './emails.ts';
import { found, type Resource } from './types.ts';

/**
 * The agent's open-media items of one media type [src: OpenMediaAPIResource latest: "returned from
 * GET requests to /api/v2/me/openmedia/{mediaType}?fields=*"], Create [src: OpenMediaAPICreate 8.5.2]
 * and the operations on one item [src: OpenMediaAPIAccept 8.5.2, OpenMediaAPIReject 8.5.2, ...].
 */
export const openmedia: Resource = {
  routes: [
    {
      pattern: '/me/openmedia/:mediaType',
      access: 'user',
      get: (request, center) => {
        const mediaType = request.params['mediaType'] ?? '';
        if (!(MEDIA_TYPES as readonly string[]).includes(mediaType)) return interactionReply(unknownMediaType(mediaType));
        const entries = center.openmedia.items(request.user.fixture.id, mediaType).map((item) => {
          const fields = renderOpenmedia(item, request.root);
          return { uri: String(fields['uri']), fields };
        });
        return found(collectionBody('openmedia', entries, request.query));
      },
      post: (request, center) => interactionReply(center.openmedia.create(request.user.fixture.id, request.params['mediaType'] ?? '', request.body)),
    },
    {
      pattern: '/me/openmedia/:mediaType/:id',
      access: 'user',
      post: (request, center) => interactionReply(center.openmedia.operate(request.user.fixture.id, request.params['mediaType'] ?? '', request.params['id'] ?? '', request.body)),
    },
  ],
};

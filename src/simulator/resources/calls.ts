import { renderCall, type CallSnapshot, type Outcome } from '../calls/index.ts';
import { fail, ok, type Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { collectionBody, singularBody, type Entry, type Json } from '../shapes.ts';
import { found, type Resource, type ResourceRequest } from './types.ts';

/** The HTTP answer of a call-model outcome: exactly {"statusCode":0}, or the error envelope [src: RV852]. */
export function replyOf(outcome: Outcome): Reply {
  return outcome.statusCode === 0 || !('statusMessage' in outcome) ? ok() : fail(outcome.statusCode, outcome.statusMessage);
}

function callEntry(call: CallSnapshot, request: ResourceRequest): Entry {
  const fields = renderCall(call, request.root) as Json;
  return { uri: String(fields['uri']), fields };
}

/**
 * The caller's calls [src: CallsDeviceResource, RecoveringExistingState 8.6.0]: URIs by default,
 * the call resources with fields=*; one call by id; every call operation by id
 * [src: CallsHold, CallsHangup, ... CallRecording* pages]. Operations answer at once and apply later.
 */
export const calls: Resource = {
  routes: [
    {
      pattern: '/me/calls',
      access: 'user',
      get: (request, center) => found(collectionBody('calls', center.calls.calls(request.user.fixture.id).map((c) => callEntry(c, request)), request.query)),
    },
    {
      pattern: '/me/calls/:id',
      access: 'user',
      get: (request, center) => {
        const id = request.params['id'] ?? '';
        const call = center.calls.call(request.user.fixture.id, id);
        return call === undefined ? errors.notFound(`Call ${id}`) : found(singularBody('call', callEntry(call, request), request.query));
      },
      post: (request, center) => replyOf(center.calls.control(request.user.fixture.id, request.params['id'] ?? '', request.body)),
    },
  ],
};

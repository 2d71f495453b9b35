import { fail, ok, type Reply } from '../envelope.ts';
import { renderEmail, type EmailView, type InteractionAnswer, type Outcome } from '../interactions/index.ts';
import { collectionBody, type Entry } from '../shapes.ts';
import { found, type Resource, type ResourceRequest } from './types.ts';

/** An operation's answer: `{"statusCode":0}` (with the referenceId where the pages print one), or the error envelope [src: RV852]. */
export function interactionReply(answer: InteractionAnswer | Outcome): Reply {
  if ('statusMessage' in answer) return fail(answer.statusCode, answer.statusMessage);
  return ok('referenceId' in answer ? { referenceId: answer.referenceId } : {});
}

function emailEntry(email: EmailView, request: ResourceRequest): Entry {
  const fields = renderEmail(email, request.root, request.defects.has('email-to-not-list'));
  return { uri: String(fields['uri']), fields };
}

/**
 * The agent's emails [src: EmailResource 8.5.2: "returned from GET requests to /api/v2/me/emails?fields=*"]:
 * `GET /me/emails`, `POST /me/emails` Create [src: EmailCreate 8.5.2], and every email operation on
 * `POST /me/emails/{id}` [src: EmailAccept latest, EmailSave 8.5.2, EmailCancel latest, ...].
 */
export const emails: Resource = {
  routes: [
    {
      pattern: '/me/emails',
      access: 'user',
      get: (request, center) => found(collectionBody('emails', center.emails.emails(request.user.fixture.id).map((e) => emailEntry(e, request)), request.query)),
      post: (request, center) => interactionReply(center.emails.create(request.user.fixture.id, request.body)),
    },
    {
      pattern: '/me/emails/:id',
      access: 'user',
      post: (request, center) => {
        const reply = interactionReply(center.emails.operate(request.user.fixture.id, request.params['id'] ?? '', request.body));
        // With `email-cancel-answers-status` Cancel is answered `{"status":0}`, as the EmailCancel page prints it.
        const cancelSlip = request.body['operationName'] === 'Cancel' && reply.body['statusCode'] === 0 && request.defects.has('email-cancel-answers-status');
        return cancelSlip ? { ...reply, body: { status: 0 } } : reply;
      },
    },
  ],
};

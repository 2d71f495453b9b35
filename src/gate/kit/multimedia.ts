/**
 * What the email and open-media spec files import besides ./index.ts: a flow on /v2/me/emails and
 * /v2/me/openmedia, items created or delivered, operations and their outcomes, and the restore
 * that closes every item.
 */
export { NO_MEDIA_TYPE_REASON, NO_QUEUE_REASON, createEmail, createOpenmedia, deliverInboundEmail, deliverInboundOpenmedia, openMultimediaFlow, openmediaTypeOf, operateEmail, operateOpenmedia, readEmails, readOpenmedia } from './multimedia-flow.ts';
export { withMultimediaRestored } from './multimedia-restore.ts';
export { sendOperation, sendRefused, valueAt } from './interaction-flow.ts';
export { cannotRunMultimediaExample, runMultimediaExample } from './multimedia-examples.ts';

// Email and open-media contracts: every operation answers {"statusCode":0} (open media with the
// referenceId), and its outcome arrives on /v2/me/emails or /v2/me/openmedia as an
// EmailStateChangeMessage or OpenmediaStateChangeMessage carrying the request's referenceId, which a
// GET then agrees with [src: EmailCreate 8.5.2, EmailSave 8.5.2, EmailCancel latest, EmailMessageType
// latest, OpenMediaAPICreate 8.5.2, OpenMediaAPIMessageType latest]. Each contract closes every item
// it opened, in a finally.
import { test } from 'vitest';
import { ruleViolation, useGate } from '../src/gate/kit/index.ts';
import {
  NO_MEDIA_TYPE_REASON,
  NO_QUEUE_REASON,
  createEmail,
  createOpenmedia,
  deliverInboundEmail,
  deliverInboundOpenmedia,
  openMultimediaFlow,
  openmediaTypeOf,
  operateEmail,
  operateOpenmedia,
  readEmails,
  readOpenmedia,
  sendRefused,
  withMultimediaRestored,
} from '../src/gate/kit/multimedia.ts';

type Json = Readonly<Record<string, unknown>>;

const gate = useGate();
const create = gate.operation('post-me-emails');
const operate = gate.operation('post-me-emails-id');
const createItem = gate.operation('post-me-openmedia-mediatype');
const operateItem = gate.operation('post-me-openmedia-mediatype-id');
const deadline = gate.context.asyncDeadlineMs;
const EMAIL = ['email', 'multimedia', 'async', 'changes-state'];
const OPENMEDIA = ['openmedia', 'multimedia', 'async', 'changes-state'];
/** What a Composing email offers, as the Create sample lists it [src: EmailCreate 8.5.2]. */
const COMPOSING_CAPABILITIES = ['Cancel', 'Send'];
/** What a Processing open-media item offers, as every sample lists it [src: OpenMediaAPIAccept 8.5.2, OpenMediaAPICreate 8.5.2]. */
const PROCESSING_CAPABILITIES = ['Transfer', 'AttachUserData', 'Complete'];
const CUSTOMER = 'customer@gwscheck.example';

const queueUri = (): string | undefined => gate.context.target.queueUri;
const NO_INBOUND_EMAIL_REASON = 'no way to offer the agent an inbound email on this server (GWS has no API that sends one); the outbound email contract covers Create, Save, SetDisposition and Cancel';
const NO_INBOUND_OPENMEDIA_REASON = 'no way to offer the agent an inbound open-media item on this server (only the simulator\'s control API makes one); the outbound open-media contract covers Create, AttachUserData and Complete';

function expectOffers(task: Parameters<typeof gate.fail>[0], operation: typeof create, item: Json | undefined, wanted: readonly string[], what: string, source: string): void {
  const capabilities = Array.isArray(item?.['capabilities']) ? (item['capabilities'] as unknown[]) : [];
  const missing = wanted.filter((c) => !capabilities.includes(c));
  if (missing.length > 0) gate.fail(task, operation, ruleViolation('schema', 'capabilities', `${what} does not offer ${missing.join(', ')} (capabilities ${JSON.stringify(capabilities)}) [src: ${source}]`, '/capabilities'));
}

test(`post-me-emails: an outbound email is created, saved and canceled, each step shown within ${deadline} ms`, { tags: [...EMAIL, 'positive'] }, async ({ task, skip }) => {
  const queue = queueUri();
  if (queue === undefined) return skip(NO_QUEUE_REASON);
  await withMultimediaRestored(gate, task, async () => {
    const flow = await openMultimediaFlow(gate, task, create);
    try {
      const id = await createEmail(flow, queue);
      const drafts = await readEmails(gate);
      expectOffers(task, create, drafts.items.find((e) => e['id'] === id), COMPOSING_CAPABILITIES, `a new email (Composing)`, 'EmailCreate 8.5.2');
      const to = ['first@gwscheck.example', 'second@gwscheck.example'];
      const subject = `gwscheck ${Date.now()}`;
      const saved = await operateEmail({ ...flow, operation: operate }, id, { operationName: 'Save', email: { to, from: 'agent@gwscheck.example', subject, body: 'Saved by gwscheck' } });
      // `to` is "an array of recipient email address" [src: EmailResource 8.5.2, EmailSave 8.5.2].
      if (JSON.stringify(saved?.['to']) !== JSON.stringify(to)) {
        gate.fail(task, operate, ruleViolation('schema', 'email-recipients', `after Save the email's to is ${JSON.stringify(saved?.['to'])}, not the list saved (${JSON.stringify(to)}) [src: EmailResource 8.5.2]`, '/to'));
      }
      // The disposition is a user-data pair under the key named [src: EmailSetDisposition latest].
      await operateEmail({ ...flow, operation: operate }, id, { operationName: 'SetDisposition', disposition: 'gwscheck-resolved', dispositionKey: 'DispositionCode' });
      // Answered {"statusCode":0} like every operation, though the EmailCancel page prints {"status":0} [src: EmailCancel latest, RV852].
      await operateEmail({ ...flow, operation: operate }, id, { operationName: 'Cancel' });
      const after = await readEmails(gate);
      if (after.items.some((e) => e['id'] === id)) gate.fail(task, operate, ruleViolation('status-code', 'state-applied', `email ${id} is still listed after Cancel was announced`), after.exchange);
      // An operation the email does not offer in its state [src: RV852 table: 2].
      await sendRefused({ ...flow, operation: operate }, { method: 'POST', path: `/me/emails/${encodeURIComponent(id)}`, body: { operationName: 'Cancel' } }, [2]);
    } finally {
      await flow.close();
    }
  });
});

test(`post-me-emails-id: an inbound email is accepted, replied to and completed, another rejected, each step shown within ${deadline} ms`, { tags: [...EMAIL, 'positive'] }, async ({ task, skip }) => {
  const queue = queueUri();
  if (queue === undefined) return skip(NO_QUEUE_REASON);
  let noInbound = false;
  await withMultimediaRestored(gate, task, async () => {
    const flow = await openMultimediaFlow(gate, task, operate);
    try {
      const id = await deliverInboundEmail(flow, CUSTOMER);
      if (id === undefined) {
        noInbound = true;
        return;
      }
      await operateEmail(flow, id, { operationName: 'Accept' });
      await sendRefused(flow, { method: 'POST', path: `/me/emails/${encodeURIComponent(id)}`, body: { operationName: 'Accept' } }, [2]);
      // A reply is a new outbound email to the sender of the original [src: EmailReply 8.5.2].
      const draft = await operateEmail(flow, id, { operationName: 'Reply', queueUri: queue });
      const to = draft?.['to'];
      if (!Array.isArray(to) || !to.includes(CUSTOMER)) {
        gate.fail(task, operate, ruleViolation('status-code', 'email-reply', `the reply to email ${id} is addressed to ${JSON.stringify(to)}, not to its sender ${CUSTOMER} [src: EmailReply 8.5.2]`, '/to'));
      }
      if (typeof draft?.['id'] === 'string') await operateEmail(flow, draft['id'], { operationName: 'Cancel' });
      await operateEmail(flow, id, { operationName: 'Complete' });
      // A rejected email leaves the agent, to be presented to another [src: EmailReject 8.5.2].
      const declined = await deliverInboundEmail(flow, CUSTOMER);
      if (declined !== undefined) await operateEmail(flow, declined, { operationName: 'Reject' });
    } finally {
      await flow.close();
    }
  });
  // GWS has no API that sends an email: only a server with the simulator's control API can offer one.
  if (noInbound) skip(NO_INBOUND_EMAIL_REASON);
});

test('post-me-emails: Create without a queue is refused with statusCode 1, an operation on an email that does not exist with 6', { tags: ['email', 'multimedia', 'negative'] }, async ({ task }) => {
  const missing = await gate.user.send({ method: 'POST', path: '/me/emails', body: { operationName: 'Create' } });
  gate.expect(task, create, missing, { expectStatusCodes: [1] });
  const unknown = await gate.user.send({ method: 'POST', path: '/me/emails/gwscheck-no-such-email', body: { operationName: 'Complete' } });
  gate.expect(task, operate, unknown, { expectStatusCodes: [6] });
});

test(`post-me-openmedia-mediatype: an open-media item is created, its user data attached and completed, each step shown within ${deadline} ms`, { tags: [...OPENMEDIA, 'positive'] }, async ({ task, skip }) => {
  const queue = queueUri();
  const mediaType = openmediaTypeOf(gate);
  if (mediaType === undefined) return skip(NO_MEDIA_TYPE_REASON);
  if (queue === undefined) return skip(NO_QUEUE_REASON);
  await withMultimediaRestored(gate, task, async () => {
    const flow = await openMultimediaFlow(gate, task, createItem);
    try {
      const id = await createOpenmedia(flow, mediaType, queue);
      const items = await readOpenmedia(gate, mediaType);
      expectOffers(task, createItem, items.items.find((i) => i['id'] === id), PROCESSING_CAPABILITIES, `a new open-media item (Processing)`, 'OpenMediaAPICreate 8.5.2');
      const marker = `gwscheck ${Date.now()}`;
      const attached = await operateOpenmedia({ ...flow, operation: operateItem }, mediaType, id, { operationName: 'AttachUserData', userData: { gwscheck: marker } });
      const userData = attached?.['userData'] as Json | undefined;
      if (userData?.['gwscheck'] !== marker) {
        gate.fail(task, operateItem, ruleViolation('status-code', 'state-applied', `after AttachUserData the item's userData is ${JSON.stringify(userData)}, without gwscheck=${marker} [src: OpenMediaAPIAttachUD 8.5.2]`, '/userData'));
      }
      await operateOpenmedia({ ...flow, operation: operateItem }, mediaType, id, { operationName: 'Complete' });
      const after = await readOpenmedia(gate, mediaType);
      if (after.items.some((i) => i['id'] === id)) gate.fail(task, operateItem, ruleViolation('status-code', 'state-applied', `open-media item ${id} is still listed after Complete was announced`), after.exchange);
      await sendRefused({ ...flow, operation: operateItem }, { method: 'POST', path: `/me/openmedia/${encodeURIComponent(mediaType)}/${encodeURIComponent(id)}`, body: { operationName: 'Complete' } }, [2]);
    } finally {
      await flow.close();
    }
  });
});

test(`post-me-openmedia-mediatype-id: an inbound open-media item is accepted and completed, another rejected, each step shown within ${deadline} ms`, { tags: [...OPENMEDIA, 'positive'] }, async ({ task, skip }) => {
  const mediaType = openmediaTypeOf(gate);
  if (mediaType === undefined) return skip(NO_MEDIA_TYPE_REASON);
  let noInbound = false;
  await withMultimediaRestored(gate, task, async () => {
    const flow = await openMultimediaFlow(gate, task, operateItem);
    try {
      const id = await deliverInboundOpenmedia(flow, mediaType);
      if (id === undefined) {
        noInbound = true;
        return;
      }
      // Accept answers {"statusCode":0,"referenceId":N} and announces Processing [src: OpenMediaAPIAccept 8.5.2].
      await operateOpenmedia(flow, mediaType, id, { operationName: 'Accept' });
      await sendRefused(flow, { method: 'POST', path: `/me/openmedia/${encodeURIComponent(mediaType)}/${encodeURIComponent(id)}`, body: { operationName: 'Accept' } }, [2]);
      await operateOpenmedia(flow, mediaType, id, { operationName: 'Complete' });
      // A rejected item is Completed for the agent, with no capability left [src: OpenMediaAPIReject 8.5.2].
      const declined = await deliverInboundOpenmedia(flow, mediaType);
      if (declined !== undefined) await operateOpenmedia(flow, mediaType, declined, { operationName: 'Reject' });
    } finally {
      await flow.close();
    }
  });
  if (noInbound) skip(NO_INBOUND_OPENMEDIA_REASON);
});

test('post-me-openmedia-mediatype-id: an operation on an item that does not exist is refused with statusCode 6', { tags: ['openmedia', 'multimedia', 'negative'] }, async ({ task, skip }) => {
  const mediaType = openmediaTypeOf(gate);
  if (mediaType === undefined) return skip(NO_MEDIA_TYPE_REASON);
  const exchange = await gate.user.send({ method: 'POST', path: `/me/openmedia/${encodeURIComponent(mediaType)}/gwscheck-no-such-item`, body: { operationName: 'Complete' } });
  gate.expect(task, operateItem, exchange, { expectStatusCodes: [6] });
});

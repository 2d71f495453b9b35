import type { ExpectedOutcome } from './call-outcomes.ts';
import { SCHEMA_BASE } from './schema-ids.ts';

const EMAIL_TOPIC = '/v2/me/emails';
const OPENMEDIA_TOPIC = '/v2/me/openmedia';
const EMAIL_STATE_CHANGE = `${SCHEMA_BASE}notifications/email-state-change.json`;
const OPENMEDIA_STATE_CHANGE = `${SCHEMA_BASE}notifications/openmedia-state-change.json`;

/** An EmailStateChangeMessage; `shows` points into its `email`. */
const email = (notificationType: 'StatusChange' | 'PropertiesUpdated' | 'EmailSaved' | 'AttachmentAdded', shows?: ExpectedOutcome['shows']): ExpectedOutcome => ({
  topic: EMAIL_TOPIC, schema: EMAIL_STATE_CHANGE, notificationType, ...(shows === undefined ? {} : { shows }),
});
const emailState = (value: string): ExpectedOutcome => email('StatusChange', { pointer: '/state', value });
/** An OpenmediaStateChangeMessage; `shows` points into its `openmedia`. */
const openmedia = (notificationType: 'StatusChange' | 'PropertiesUpdated', shows?: ExpectedOutcome['shows']): ExpectedOutcome => ({
  topic: OPENMEDIA_TOPIC, schema: OPENMEDIA_STATE_CHANGE, notificationType, ...(shows === undefined ? {} : { shows }),
});
const openmediaState = (value: string): ExpectedOutcome => openmedia('StatusChange', { pointer: '/state', value });
const DISPOSITION: ExpectedOutcome['shows'] = { pointer: '/userData/{dispositionKey}', value: { fromRequest: 'disposition' } };

/**
 * By operationName of POST /me/emails (`Create`) and POST /me/emails/{id}: the first message that
 * follows it on /v2/me/emails, which carries the request's referenceId [src: EmailMessageType
 * latest]. Create announces a new email in Composing [src: EmailCreate 8.5.2]; Reply and ReplyAll
 * announce a NEW email in Composing (another id than the one addressed; the inbound email stays
 * Processing) [src: EmailReply 8.5.2, EmailReplyAll 8.5.2]; Accept shows Processing [src:
 * EmailAccept latest]; Reject, Send, Complete and Transfer leave the agent's email Completed [src:
 * EmailReject 8.5.2, EmailSend latest, EmailComplete latest, EmailTransfer 8.6.0]; Cancel shows
 * Canceled [src: EmailCancel latest]; Save reports EmailSaved with the saved subject [src: EmailSave
 * 8.5.2]; AddAttachment reports AttachmentAdded, the attachment's id being the documentId (on an
 * email with no attachment before, the first) [src: EmailAddAttachment 8.5.2]; the user-data
 * operations and SetDisposition report PropertiesUpdated, the disposition a user-data pair under
 * `dispositionKey` [src: EmailAttachUserData latest, EmailSetDisposition latest].
 */
export const EMAIL_OUTCOMES: Readonly<Record<string, ExpectedOutcome>> = Object.freeze({
  Create: emailState('Composing'),
  Accept: emailState('Processing'),
  Reject: emailState('Completed'),
  Reply: emailState('Composing'),
  ReplyAll: emailState('Composing'),
  Save: email('EmailSaved', { pointer: '/subject', value: { fromRequest: 'email.subject' } }),
  Send: emailState('Completed'),
  Cancel: emailState('Canceled'),
  Complete: emailState('Completed'),
  Transfer: emailState('Completed'),
  AttachUserData: email('PropertiesUpdated'),
  UpdateUserData: email('PropertiesUpdated'),
  DeleteUserData: email('PropertiesUpdated'),
  SetDisposition: email('PropertiesUpdated', DISPOSITION),
  AddAttachment: email('AttachmentAdded', { pointer: '/attachments/0/id', value: { fromRequest: 'documentId' } }),
});

/**
 * By operationName of POST /me/openmedia/{mediaType} (`Create`) and POST
 * /me/openmedia/{mediaType}/{id}: the first message that follows it on /v2/me/openmedia, which
 * carries the referenceId the answer carried [src: OpenMediaAPIMessageType latest]. Create
 * announces a new item straight in Processing [src: OpenMediaAPICreate 8.5.2]; Accept shows
 * Processing [src: OpenMediaAPIAccept 8.5.2]; Reject, Transfer and Complete leave the agent's item
 * Completed [src: OpenMediaAPIReject 8.5.2, OpenMediaAPITransfer latest]; the user-data operations
 * report PropertiesUpdated [src: OpenMediaAPIAttachUD 8.5.2].
 */
export const OPENMEDIA_OUTCOMES: Readonly<Record<string, ExpectedOutcome>> = Object.freeze({
  Create: openmediaState('Processing'),
  Accept: openmediaState('Processing'),
  Reject: openmediaState('Completed'),
  Transfer: openmediaState('Completed'),
  Complete: openmediaState('Completed'),
  AttachUserData: openmedia('PropertiesUpdated'),
  UpdateUserData: openmedia('PropertiesUpdated'),
  DeleteUserData: openmedia('PropertiesUpdated'),
});

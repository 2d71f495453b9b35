import type { Published } from '../types.ts';
import type { EmailEvent, EmailView } from './types.ts';

/** The topic of every email notification [src: EmailMessageType latest]. */
export const EMAILS_CHANNEL = '/v2/me/emails';

const trim = (root: string): string => root.replace(/\/+$/, '');

/**
 * The email's URI. The Resource page prints `/api/v2/me/emails/{id}`; the notification samples
 * print `http: //localhost: 8080/api/v2/email/{id}`, spaces and all, a slip [src: EmailResource 8.5.2,
 * EmailCreate 8.5.2]. Absolute, as every URI GWS returns.
 */
export const emailUri = (root: string, id: string): string => `${trim(root)}/me/emails/${id}`;

/**
 * The email resource [src: EmailResource 8.5.2]: id, state, uri, capabilities, userData, and what the
 * email says where it says something (a new draft has no address yet [src: EmailCreate 8.5.2]);
 * `to`, `cc`, `bcc` are lists; the content of a finished email is left out, as the Cancel sample
 * does [src: EmailCancel latest]. `toAsText` renders `to` as the comma-delimited string a broken
 * server sends (`email-to-not-list`).
 */
export function renderEmail(view: EmailView, root: string, toAsText = false): Record<string, unknown> {
  const { content } = view;
  const uri = emailUri(root, view.id);
  const base = { id: view.id, state: view.state, uri, capabilities: [...view.capabilities] };
  if (view.state === 'Canceled') return base;
  const text = (name: 'from' | 'subject' | 'body' | 'mime' | 'bodyAsPlainText'): Record<string, unknown> => (content[name] === undefined || content[name] === '' ? {} : { [name]: content[name] });
  const list = (name: 'to' | 'cc' | 'bcc'): Record<string, unknown> => {
    if (content[name].length === 0) return {};
    return { [name]: name === 'to' && toAsText ? content.to.join(',') : [...content[name]] };
  };
  return {
    ...base,
    contactId: view.contactId,
    ...text('from'), ...list('to'), ...list('cc'), ...list('bcc'), ...text('subject'), ...text('body'), ...text('bodyAsPlainText'), ...text('mime'),
    ...(content.attachments.length === 0 ? {} : { attachments: content.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, uri: `${uri}/attachments/${a.id}`, mime: a.mime })) }),
    userData: { ...view.userData },
  };
}

/**
 * The CometD message of an email event: EmailStateChangeMessage with the data wrapper and channel
 * the operation pages leave out (the EmailMessageType page shows the wrapper), the operation's
 * referenceId on the first message it causes [src: EmailMessageType latest].
 */
export function renderEmailNotification(published: Published<EmailEvent>, root: string, toAsText = false): { channel: string; data: Record<string, unknown> } {
  const { event, referenceId } = published;
  return {
    channel: EMAILS_CHANNEL,
    data: { messageType: 'EmailStateChangeMessage', notificationType: event.notificationType, ...(referenceId === undefined ? {} : { referenceId }), email: renderEmail(event.email, root, toAsText) },
  };
}

import { offeredOperations } from '../core.ts';
import { accept, isBody, optionalFlag, optionalText, refuse, requiredText, userDataOf, type Body, type Parsed } from '../requests.ts';
import { noParameters, rule as ruleOf, type RuleSpec } from '../rules.ts';
import type { Interaction, MediumTable, OperationRule } from '../types.ts';
import { userDataRules } from '../user-data.ts';
import { EMAIL_STATES, type EmailContent, type EmailEvent, type EmailRecord, type EmailState, type EmailView } from './types.ts';

type EmailInteraction = Interaction<EmailState, EmailRecord>;
type Rule = OperationRule<EmailState, EmailRecord, EmailEvent>;

/** What the email table needs of the rest of the contact center. */
export interface EmailDesk {
  /** Presents the email to an agent: the one named (`to`), else the first Ready email agent who has not rejected it and is not `except`. */
  offer(record: EmailRecord, target: { readonly to?: string; readonly except?: string }): void;
  /** The agent a `userUri` (`.../users/<id>`) names, with an email channel; or the refusal. */
  agentByUri(uri: string): Parsed<string>;
  /** A new outbound email of `userId` in Composing, its content and data given. */
  compose(userId: string, init: { readonly content: EmailContent; readonly contactId: string; readonly userData: Readonly<Record<string, unknown>> }): EmailInteraction;
  /** The id of a document added as an attachment. */
  attachmentName(documentId: string): string;
}

type Fields = Partial<Omit<EmailContent, 'attachments'>>;

const INBOUND: readonly EmailState[] = ['Invited'];
const COMPOSING: readonly EmailState[] = ['Composing'];
const PROCESSING: readonly EmailState[] = ['Processing'];
const WORKED: readonly EmailState[] = ['Processing', 'Composing'];

/** A rule of the email table, from a parser and an effect. */
const rule = <P,>(spec: RuleSpec<EmailState, EmailRecord, EmailEvent, P>): Rule => ruleOf(spec);
const none = noParameters;

/**
 * A list of addresses: a JSON list of strings as the samples send it, or one comma-delimited string
 * as the Save and Send tables describe cc and bcc [src: EmailSave 8.5.2, EmailSend latest].
 */
function addresses(value: unknown, name: string): Parsed<string[] | undefined> {
  if (value === undefined) return accept(undefined);
  const list = typeof value === 'string' ? value.split(',').map((a) => a.trim()) : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a): a is string => typeof a === 'string' && a !== '')) {
    return refuse(10, `${name} ${JSON.stringify(value)} is not a list of email addresses`);
  }
  return accept(list);
}

/**
 * The `email` parameter of Save and Send: to (required), from (required), subject, body,
 * bodyAsPlainText, mime, cc, bcc [src: EmailSave 8.5.2, EmailSend latest].
 */
function fieldsOf(body: Body, required: boolean): Parsed<Fields | undefined> {
  const email = body['email'];
  if (email === undefined) return required ? refuse(1, 'email is missing') : accept(undefined);
  if (!isBody(email)) return refuse(10, `email ${JSON.stringify(email)} is not an object`);
  const to = addresses(email['to'], 'email.to');
  if (!to.ok) return to;
  if (to.command === undefined) return refuse(1, 'email.to is missing');
  const from = requiredText(email, 'from');
  if (!from.ok) return refuse(from.outcome.statusCode, `email.from ${email['from'] === undefined ? 'is missing' : 'is not a non-empty string'}`);
  const fields: Fields = { to: to.command, from: from.command };
  for (const name of ['cc', 'bcc'] as const) {
    const list = addresses(email[name], `email.${name}`);
    if (!list.ok) return list;
    if (list.command !== undefined) fields[name] = list.command;
  }
  for (const name of ['subject', 'body', 'bodyAsPlainText', 'mime'] as const) {
    const value = email[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return refuse(10, `email.${name} ${JSON.stringify(value)} is not a string`);
    fields[name] = value;
  }
  const unknown = Object.keys(email).find((key) => !['to', 'from', 'cc', 'bcc', 'subject', 'body', 'bodyAsPlainText', 'mime'].includes(key));
  return unknown === undefined ? accept(fields) : refuse(10, `email.${unknown} is not an email parameter (expected to, from, cc, bcc, subject, body, bodyAsPlainText, mime)`);
}

/** An absolute URI parameter, required: `queueUri` of Create and Reply [src: EmailCreate 8.5.2, EmailReply 8.5.2]. */
export function requiredUri(body: Body, name: string): Parsed<string> {
  const value = requiredText(body, name);
  if (!value.ok) return value;
  return /^https?:\/\/[^\s/]+\/\S*$/.test(value.command) ? value : refuse(10, `${name} ${JSON.stringify(value.command)} is not an absolute URI`);
}

/** Reply and ReplyAll: the new email's parameters [src: EmailReply 8.5.2, EmailReplyAll 8.5.2]. */
interface ReplyParams {
  readonly subjectPrefix: string;
  readonly quoteOriginal: boolean;
  readonly fields: Fields;
  readonly userData: Readonly<Record<string, unknown>>;
}

function replyOf(body: Body): Parsed<ReplyParams> {
  const queue = requiredUri(body, 'queueUri');
  if (!queue.ok) return queue;
  const fields: Fields = {};
  for (const name of ['body', 'bodyAsPlainText', 'mime'] as const) {
    const value = optionalText(body, name);
    if (!value.ok) return value;
    if (value.command !== undefined) fields[name] = value.command;
  }
  for (const name of ['subjectPrefix', 'replyToStartLine', 'indentCharacter']) {
    const value = optionalText(body, name);
    if (!value.ok) return value;
  }
  const quote = optionalFlag(body, 'quoteOriginal');
  if (!quote.ok) return quote;
  const userData = body['userData'] === undefined ? accept({}) : userDataOf(body['userData']);
  if (!userData.ok) return userData;
  const prefix = body['subjectPrefix'];
  return accept({ subjectPrefix: typeof prefix === 'string' ? prefix : 'Re: ', quoteOriginal: quote.command === true, fields, userData: userData.command });
}

/** The email as its agent sees it now: state, the capabilities of that state, content, user data. */
export function emailViewOf(table: MediumTable<EmailState, EmailRecord, EmailEvent>, email: EmailInteraction): EmailView {
  const { content } = email.detail;
  return {
    id: email.id,
    state: email.state,
    capabilities: offeredOperations(table, email),
    direction: email.detail.direction,
    contactId: email.detail.contactId,
    content: { ...content, to: [...content.to], cc: [...content.cc], bcc: [...content.bcc], attachments: [...content.attachments] },
    userData: { ...email.userData },
  };
}

/**
 * The email table: what each operation of `POST /me/emails/{id}` is valid in, where it leads and
 * what it does [src: EmailAccept latest, EmailReject 8.5.2, EmailReply 8.5.2, EmailReplyAll 8.5.2,
 * EmailSave 8.5.2, EmailSend latest, EmailCancel latest, EmailComplete 8.5.2, EmailTransfer 8.6.0,
 * EmailAttachUserData latest, EmailDeleteUserData 8.5.2, EmailSetDisposition latest, EmailAddAttachment
 * 8.5.2]. Every answer is `{"statusCode":0}`; the notification repeats the request's referenceId.
 * The order of the operations is the order capabilities list them: a Composing email's as the
 * Create sample prints them, with Save and AddAttachment, which their pages perform on a draft
 * [src: EmailCreate 8.5.2, EmailSave 8.5.2, EmailAddAttachment 8.5.2].
 */
export function emailTable(desk: EmailDesk): MediumTable<EmailState, EmailRecord, EmailEvent> {
  const setFields = (email: EmailInteraction, fields: Fields | undefined): void => {
    if (fields !== undefined) Object.assign(email.detail.content, fields);
  };
  const reply = (all: boolean): Rule => rule({
    validIn: PROCESSING, parse: replyOf,
    apply: (email, context, params) => {
      const original = email.detail.content;
      const quoted = params.quoteOriginal ? `\n\n> ${original.body.split('\n').join('\n> ')}` : '';
      const content: EmailContent = {
        from: original.to[0] ?? '',
        to: [original.from],
        cc: all ? [...original.cc, ...original.to.slice(1)] : [],
        bcc: [],
        subject: `${params.subjectPrefix}${original.subject}`,
        body: `${params.fields.body ?? ''}${quoted}`,
        ...(params.fields.bodyAsPlainText === undefined ? {} : { bodyAsPlainText: params.fields.bodyAsPlainText }),
        mime: params.fields.mime ?? 'text/html',
        attachments: [],
      };
      const draft = desk.compose(email.userId, { content, contactId: email.detail.contactId, userData: params.userData });
      context.publish(table.changed(draft, 'StatusChange'));
    },
  });

  const table: MediumTable<EmailState, EmailRecord, EmailEvent> = {
    noun: 'email',
    states: EMAIL_STATES,
    finished: ['Completed', 'Canceled'],
    changed: (email, notificationType) => ({ notificationType: notificationType as EmailEvent['notificationType'], email: emailViewOf(table, email) }),
    operations: {
      Accept: rule({ validIn: INBOUND, leadsTo: 'Processing', parse: (body) => optionalFlag(body, 'saveLAR'), apply: () => undefined }),
      // The email is presented to another agent [src: EmailReject 8.5.2].
      Reject: rule({
        validIn: INBOUND, leadsTo: 'Completed', parse: none,
        apply: (email) => {
          email.detail.rejectedBy.add(email.userId);
          desk.offer(email.detail, { except: email.userId });
        },
      }),
      Cancel: rule({ validIn: COMPOSING, leadsTo: 'Canceled', parse: none, apply: () => undefined }),
      Send: rule({
        validIn: COMPOSING, leadsTo: 'Completed',
        parse: (body) => {
          const queue = requiredText(body, 'queueName');
          if (!queue.ok) return queue;
          const saveLAR = optionalFlag(body, 'saveLAR');
          return saveLAR.ok ? fieldsOf(body, false) : saveLAR;
        },
        apply: (email, _context, fields) => setFields(email, fields),
      }),
      Save: rule({
        validIn: COMPOSING, parse: (body) => fieldsOf(body, true),
        apply: (email, context, fields) => {
          setFields(email, fields);
          context.publish(table.changed(email, 'EmailSaved'));
        },
      }),
      AddAttachment: rule({
        validIn: COMPOSING,
        parse: (body) => {
          const documentId = requiredText(body, 'documentId');
          if (!documentId.ok) return documentId;
          const size = body['size'];
          if (size !== undefined && !(Number.isInteger(size) && (size as number) >= 0)) return refuse(10, `size ${JSON.stringify(size)} is not a non-negative integer`);
          const name = optionalText(body, 'name');
          if (!name.ok) return name;
          const mime = optionalText(body, 'mime');
          if (!mime.ok) return mime;
          return accept({ id: documentId.command, name: name.command ?? desk.attachmentName(documentId.command), size: (size as number | undefined) ?? 0, mime: mime.command ?? 'application/octet-stream' });
        },
        apply: (email, context, attachment) => {
          email.detail.content.attachments.push(attachment);
          context.publish(table.changed(email, 'AttachmentAdded'));
        },
      }),
      Reply: reply(false),
      ReplyAll: reply(true),
      ...userDataRules<EmailState, EmailRecord, EmailEvent>(
        { validIn: WORKED, notificationType: 'PropertiesUpdated', dispositionKey: 'DispositionCode' },
        (email, notificationType) => table.changed(email, notificationType),
      ),
      // To an agent (userUri) or a queue (queueName): the email leaves this agent [src: EmailTransfer 8.6.0].
      Transfer: rule({
        validIn: WORKED, leadsTo: 'Completed',
        parse: (body) => {
          const uri = optionalText(body, 'userUri');
          if (!uri.ok) return uri;
          const queue = optionalText(body, 'queueName');
          if (!queue.ok) return queue;
          if (uri.command === undefined && queue.command === undefined) return refuse(1, 'userUri or queueName is missing');
          const target = uri.command === undefined ? undefined : desk.agentByUri(uri.command);
          if (target !== undefined && !target.ok) return target;
          return accept(target?.command);
        },
        apply: (email, _context, to) => desk.offer(email.detail, to === undefined ? { except: email.userId } : { to }),
      }),
      Complete: rule({
        validIn: PROCESSING, leadsTo: 'Completed',
        parse: (body) => {
          const queue = optionalText(body, 'queueName');
          if (!queue.ok) return queue;
          return optionalFlag(body, 'saveLAR');
        },
        apply: () => undefined,
      }),
    },
  };
  return table;
}

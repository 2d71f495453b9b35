import { createInteractionCore, createReferenceCounter, type ReferenceCounter } from '../core.ts';
import { interactionIds } from '../ids.ts';
import { accept, isBody, optionalText, refuse, userDataOf, type Outcome, type Parsed } from '../requests.ts';
import { createRouter } from '../routing.ts';
import type { InteractionAnswer, Published, Scheduler } from '../types.ts';
import { emailTable, emailViewOf, requiredUri, type EmailDesk } from './table.ts';
import { NO_EMAIL_DEFECTS, type EmailContent, type EmailDefect, type EmailDefectSet, type EmailEvent, type EmailRecord, type EmailView } from './types.ts';

/** Who can take emails: the contact center's agents and their email channel. */
export interface EmailRoster {
  /** Users whose email channel is Ready now, in a stable order. */
  readyEmailAgents(): readonly string[];
  /** The user exists and has an email channel. */
  hasEmailChannel(userId: string): boolean;
}

export interface EmailModelOptions {
  readonly roster: EmailRoster;
  readonly scheduler: Scheduler;
  readonly publish: (published: Published<EmailEvent>) => void;
  /** The per-user referenceId sequence, shared with the other media (default: one of its own). */
  readonly references?: ReferenceCounter;
  readonly defects?: EmailDefectSet;
}

/** An inbound email as the control API delivers it (GWS has no API that sends one). */
export interface InboundEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly userData?: Readonly<Record<string, unknown>>;
  /** Offer it to this agent instead of routing it. */
  readonly user?: string;
}

export interface EmailModel {
  /** `POST /me/emails` Create: checked now, the draft made after the delay [src: EmailCreate 8.5.2]. */
  create(userId: string, body: unknown): Outcome;
  /** `POST /me/emails/{id}`. */
  operate(userId: string, id: string, body: unknown): InteractionAnswer;
  /** An inbound email: routed to a Ready email agent, or offered to `user`. Returns its id. */
  deliver(email: InboundEmail): string;
  /** The agent's emails that are not Completed or Canceled, oldest first (`GET /me/emails`). */
  emails(userId: string): EmailView[];
  agentsChanged(): void;
  /** Every email and each agent's view of it (the control API's list). */
  all(): { id: string; direction: string; agents: { userId: string; state: string }[] }[];
}

/** Operations a defect has the server acknowledge and never apply. */
const DROPPED: Readonly<Record<string, EmailDefect>> = { Save: 'email-save-ignored', Cancel: 'email-cancel-ignored' };

interface CreateRequest {
  readonly userData: Readonly<Record<string, unknown>>;
}

/** `{"operationName":"Create","queueUri":...,"parentId"?,"userData"?}` [src: EmailCreate 8.5.2]. */
function createOf(body: unknown): Parsed<CreateRequest> {
  if (!isBody(body) || body['operationName'] === undefined) return refuse(1, 'operationName is missing');
  if (body['operationName'] !== 'Create') return refuse(2, `unknown operationName ${JSON.stringify(body['operationName'])} (expected Create)`);
  const queue = requiredUri(body, 'queueUri');
  if (!queue.ok) return queue;
  const parent = optionalText(body, 'parentId');
  if (!parent.ok) return parent;
  const userData = body['userData'] === undefined ? accept({}) : userDataOf(body['userData']);
  return userData.ok ? accept({ userData: userData.command }) : userData;
}

const emptyContent = (): EmailContent => ({ from: '', to: [], cc: [], bcc: [], subject: '', body: '', mime: '', attachments: [] });

/**
 * The email medium on the interaction core: inbound emails offered to an agent whose email channel
 * is Ready (or waiting until one is), outbound drafts the agent creates or replies with, one record
 * per email shared by every agent's view of it.
 */
export function createEmailModel(options: EmailModelOptions): EmailModel {
  const { roster, scheduler } = options;
  const defects = options.defects ?? NO_EMAIL_DEFECTS;
  const references = options.references ?? createReferenceCounter();
  const emailId = interactionIds('01QG9WAK');
  const contactId = interactionIds('0000Wa9C');
  const records = new Map<string, EmailRecord>();

  const record = (direction: EmailRecord['direction'], content: EmailContent, contact: string, userData: Readonly<Record<string, unknown>>): EmailRecord => {
    const made: EmailRecord = { id: emailId(), direction, content, contactId: contact, userData: { ...userData }, rejectedBy: new Set() };
    records.set(made.id, made);
    return made;
  };

  const router = createRouter<EmailRecord>({
    ready: () => roster.readyEmailAgents(),
    rejectedBy: (email) => email.rejectedBy,
    deliver: (email, userId) => core.announce(core.open({ id: email.id, userId, state: 'Invited', userData: email.userData, detail: email }), 'StatusChange'),
  });

  const desk: EmailDesk = {
    offer: (email, target) => router.offer(email, target),
    agentByUri(uri) {
      const userId = uri.replace(/\/+$/, '').split('/').pop() ?? '';
      return roster.hasEmailChannel(userId) ? accept(userId) : refuse(6, `no agent with an email channel at ${uri}`);
    },
    compose: (userId, init) => {
      const draft = record('Outbound', init.content, init.contactId, init.userData);
      return core.open({ id: draft.id, userId, state: 'Composing', userData: draft.userData, detail: draft });
    },
    attachmentName: (documentId) => `${documentId}.dat`,
  };
  const table = emailTable(desk);
  const dropped = (name: string): boolean => {
    const defect = DROPPED[name];
    return defect !== undefined && defects.has(defect);
  };
  const core = createInteractionCore({ table, scheduler, references, publish: options.publish, dropped });

  return {
    create(userId, body) {
      const parsed = createOf(body);
      if (!parsed.ok) return parsed.outcome;
      const referenceId = references.next(userId);
      // With `email-create-ignored` Create is acknowledged and no draft is ever made.
      if (defects.has('email-create-ignored')) return { statusCode: 0 };
      scheduler.defer(() => {
        const draft = desk.compose(userId, { content: emptyContent(), contactId: contactId(), userData: parsed.command.userData });
        options.publish({ userId, event: table.changed(draft, 'StatusChange'), referenceId });
      });
      return { statusCode: 0 };
    },
    operate: (userId, id, body) => core.operate(userId, id, body),
    deliver(email) {
      const content: EmailContent = { ...emptyContent(), from: email.from, to: [...email.to], subject: email.subject, body: email.body, mime: 'text/html' };
      const inbound = record('Inbound', content, contactId(), email.userData ?? {});
      // Routing takes the async delay, as any change does after its answer [src: MAR].
      scheduler.defer(() => router.offer(inbound, email.user === undefined ? {} : { to: email.user }));
      return inbound.id;
    },
    emails: (userId) => core.owned(userId).map((email) => emailViewOf(table, email)),
    agentsChanged: () => router.agentsChanged(),
    all: () => [...records.values()].map((email) => ({
      id: email.id,
      direction: email.direction,
      agents: core.views(email.id).map((view) => ({ userId: view.userId, state: view.state })),
    })),
  };
}

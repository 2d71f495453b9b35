/** The vocabulary of the email medium: states, the message an email carries, the events it publishes. */

/**
 * Email states: Invited and Processing (inbound), Composing (outbound), Completed [src: EmailResource
 * 8.5.2], and Canceled, which the Cancel page shows though the Resource page's list leaves it out
 * [src: EmailCancel latest].
 */
export const EMAIL_STATES = ['Invited', 'Processing', 'Composing', 'Completed', 'Canceled'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/** An attachment as AttachmentAdded shows it: `{id, name, size, uri, mime}` [src: EmailAddAttachment 8.5.2]. */
export interface EmailAttachment {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly mime: string;
}

/** What an email says; `to`, `cc` and `bcc` are lists of addresses in every sample [src: EmailResource 8.5.2, EmailSave 8.5.2]. */
export interface EmailContent {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  bodyAsPlainText?: string;
  mime: string;
  readonly attachments: EmailAttachment[];
}

/** One email, shared by every agent's view of it. */
export interface EmailRecord {
  readonly id: string;
  readonly direction: 'Inbound' | 'Outbound';
  readonly content: EmailContent;
  /** The contact in UCS the email belongs to [src: EmailResource 8.5.2: contactId]. */
  readonly contactId: string;
  readonly userData: Record<string, unknown>;
  /** Agents who rejected the email: it is presented to another agent [src: EmailReject 8.5.2]. */
  readonly rejectedBy: Set<string>;
}

/** An email as one agent sees it, at the moment it was announced. */
export interface EmailView {
  readonly id: string;
  readonly state: EmailState;
  readonly capabilities: readonly string[];
  readonly direction: 'Inbound' | 'Outbound';
  readonly contactId: string;
  readonly content: EmailContent;
  readonly userData: Readonly<Record<string, unknown>>;
}

/** EmailStateChangeMessage of a notificationType [src: EmailMessageType latest]. */
export interface EmailEvent {
  readonly notificationType: 'StatusChange' | 'PropertiesUpdated' | 'EmailSaved' | 'AttachmentAdded' | 'AttachmentRemoved' | 'Error';
  readonly email: EmailView;
}

/** Defects a broken GWS might have in its email operations; each is a rule the gate must catch. */
export const EMAIL_DEFECTS = [
  'email-cancel-answers-status',
  'email-create-ignored',
  'email-to-not-list',
  'email-save-ignored',
  'email-cancel-ignored',
  'email-notification-wrong-topic',
] as const;
export type EmailDefect = (typeof EMAIL_DEFECTS)[number];

export interface EmailDefectSet {
  has(defect: EmailDefect): boolean;
}

export const NO_EMAIL_DEFECTS: EmailDefectSet = { has: () => false };

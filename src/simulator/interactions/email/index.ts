/** The email medium: a table on the interaction core and how emails are rendered. */
export { createEmailModel, type EmailModel, type EmailModelOptions, type EmailRoster, type InboundEmail } from './model.ts';
export { EMAILS_CHANNEL, emailUri, renderEmail, renderEmailNotification } from './render.ts';
export { EMAIL_DEFECTS, EMAIL_STATES, NO_EMAIL_DEFECTS, type EmailDefect, type EmailDefectSet, type EmailEvent, type EmailState, type EmailView } from './types.ts';

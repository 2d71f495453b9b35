/**
 * The interaction vocabulary's door: what each operation on a call, device, channel, chat, email or
 * open-media item is to lead to (the message, its topic and the attribute that shows it), and the
 * tags of operations that need an interaction to exist first. For the gate's flows, the prober's
 * probes and the API descriptions.
 */
export { CALL_OUTCOMES, DEVICE_OUTCOMES, SUPERVISOR_OUTCOMES, outcomeOfRequest, type ExpectedOutcome } from './call-outcomes.ts';
export { CHAT_OUTCOMES } from './chat-outcomes.ts';
export { EMAIL_OUTCOMES, OPENMEDIA_OUTCOMES } from './email-outcomes.ts';
export { EXAMPLE_TEST_NUMBER, NEEDS_CALL } from './catalog-calls.ts';
export { NEEDS_CHAT } from './catalog-chats.ts';
export { EXAMPLE_MEDIA_TYPE, EXAMPLE_QUEUE_URI, NEEDS_EMAIL, NEEDS_OPENMEDIA } from './catalog-emails.ts';

import { NEEDS_CALL as CALL } from './catalog-calls.ts';
import { NEEDS_CHAT as CHAT } from './catalog-chats.ts';
import { NEEDS_EMAIL as EMAIL, NEEDS_OPENMEDIA as OPENMEDIA } from './catalog-emails.ts';

/** Tags of operations that address an interaction by id (a call, a chat, an email, an open-media item): one exists only while it lasts. */
export const NEEDS_AN_INTERACTION: readonly string[] = Object.freeze([CALL, CHAT, EMAIL, OPENMEDIA]);

/**
 * The interaction vocabulary's door: what each operation on a call, device, channel or chat is to
 * lead to (the message, its topic and the attribute that shows it), and the tags of operations that
 * need an interaction to exist first. For the gate's flows, the prober's probes and the API
 * descriptions.
 */
export { CALL_OUTCOMES, DEVICE_OUTCOMES, SUPERVISOR_OUTCOMES, outcomeOfRequest, type ExpectedOutcome } from './call-outcomes.ts';
export { CHAT_OUTCOMES } from './chat-outcomes.ts';
export { EXAMPLE_TEST_NUMBER, NEEDS_CALL } from './catalog-calls.ts';
export { NEEDS_CHAT } from './catalog-chats.ts';

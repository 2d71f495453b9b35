/**
 * The spec kit's front door, what spec files import: the gate harness inside a vitest worker, the
 * agent moves that leave the agent as it was found, and the notification watches. Call, device and
 * supervisor contracts add ./calls.ts. The runner's front door is src/gate/index.ts.
 */
export { eventually } from './eventually.ts';
export { GateSession, type Exchange } from './http.ts';
export { NO_ADMIN_REASON, NO_CONTACT_CENTER_REASON, NO_SUPERVISOR_REASON, ruleViolation, useGate } from './harness.ts';
export type { Pactum } from './pactum.ts';
export {
  LOGGED_OUT,
  VOICE_OPERATIONS,
  awaitChannels,
  awaitVoice,
  endSession,
  expectChangeShown,
  moveAgentTo,
  moveVoiceTo,
  readVoice,
  sendChannelOperation,
  startSession,
  withAgentRestored,
} from './agent.ts';
export { exampleRequest, sendExample } from './examples.ts';
export { expectAnnounced, notificationMode, openWatches } from './notifications.ts';

/** What spec files import: the gate harness inside a vitest worker. The runner's front door is ./index.ts. */
export { GATE_TAGS, type GateTag } from './tags.ts';
export type { GateRunContext } from './context.ts';
export { eventually, type EventuallyOptions, type EventuallyResult } from './eventually.ts';
export { GateSession, GateRequestError, requestTarget, type Exchange, type GateRequest } from './http.ts';
export { ContractViolationError, Gate, NO_ADMIN_REASON, ruleViolation, useGate, type ExpectOptions, type GateTaskMeta } from './harness.ts';
export {
  LOGGED_OUT,
  VOICE_OPERATIONS,
  awaitChannels,
  awaitVoice,
  endSession,
  moveAgentTo,
  moveVoiceTo,
  readChannels,
  readVoice,
  sendChannelOperation,
  startSession,
  withAgentRestored,
  type VoiceObservation,
} from './agent.ts';
export type { AgentSnapshot, ObservedState } from '../contracts/index.ts';
export { exampleRequest, paramsFor, sendExample } from './examples.ts';
export {
  NOTIFICATION_MODES,
  expectAnnounced,
  notificationMode,
  openWatches,
  watchDevices,
  type DeviceWatch,
  type NotificationMode,
  type Watches,
  type WatchResult,
} from './notifications.ts';
export {
  callCheck,
  channelCheck,
  deviceCheck,
  expectOutcome,
  openCallFlow,
  readCalls,
  sendAcknowledged,
  sendRefused,
  valueAt,
  type CallFlow,
  type OutcomeCheck,
} from './call-flow.ts';
export { dialTestNumber, operateCall, operateDevice, runCallExample } from './call-dial.ts';
export { restoreCalls, withCallsRestored } from './call-restore.ts';

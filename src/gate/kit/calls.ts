/**
 * What the call, device and supervisor spec files import besides ./index.ts: one call per group of
 * contracts, its notifications and reads, the restore that hangs every call up afterwards, and the
 * supervisor who monitors the agent or rings it.
 */
export { callCheck, channelCheck, openCallFlow, readCalls, type CallFlow, type FlowIdentity } from './call-flow.ts';
export { expectOutcome, sendAcknowledged, sendRefused, valueAt } from './interaction-flow.ts';
export { dialTestNumber, operateCall, operateDevice, runCallExample } from './call-dial.ts';
export { deliverThroughSimulator } from './control.ts';
export { conferenceWith, expectParticipantGone } from './call-conference.ts';
export { withCallsRestored } from './call-restore.ts';
export {
  RINGING,
  awaitRinging,
  deviceUriOf,
  dialAgentAsSupervisor,
  expectListening,
  expectMonitoringTarget,
  supervisorBusy,
  supervisorIdentity,
  withSupervisorRestored,
} from './supervisor.ts';

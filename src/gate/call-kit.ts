/**
 * What the call, device and supervisor spec files import besides ./kit.ts: one call per group of
 * contracts, its notifications and reads, and the restore that hangs every call up afterwards.
 */
export { callCheck, channelCheck, expectOutcome, openCallFlow, readCalls, sendAcknowledged, sendRefused, valueAt, type CallFlow } from './call-flow.ts';
export { dialTestNumber, operateCall, operateDevice, runCallExample } from './call-dial.ts';
export { withCallsRestored } from './call-restore.ts';

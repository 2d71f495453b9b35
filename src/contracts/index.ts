/**
 * The contracts front door: schemas, the operation catalog and `judge()`. The agent-state model
 * (./agent-state.ts) and the Ajv factory (./ajv.ts) are doors of their own, each for its audience.
 */
export type { DriftGrade, HttpMethod, Identity, JudgedOutcome, JudgeOptions, ObservedResponse } from './types.ts';
export type { MemberOf, Operation, Verdict, Violation, ViolationKind } from './types.ts';
export { loadContracts, type Contracts } from './load.ts';
export { expandPath, listsMember, MissingParamError, resolveParams } from './paths.ts';
export { UNCONFIRMED } from './catalog.ts';
export { SCHEMA_BASE } from './schema-ids.ts';
export { docLinks, type DocLink } from './sources.ts';
export { escapePointer } from './judge.ts';
export { CALL_OUTCOMES, DEVICE_OUTCOMES, SUPERVISOR_OUTCOMES, outcomeOfRequest, type ExpectedOutcome } from './call-outcomes.ts';
export { EXAMPLE_TEST_NUMBER, NEEDS_CALL } from './catalog-calls.ts';
export { NEEDS_CHAT } from './catalog-chats.ts';
export { CHAT_OUTCOMES } from './chat-outcomes.ts';

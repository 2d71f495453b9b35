/**
 * The contracts front door: schemas, the operation catalog and `judge()`. The agent-state model
 * (./agent-state.ts), the Ajv factory (./ajv.ts), the interaction outcomes (./outcomes.ts) and the
 * catalog as written (./description.ts) are doors of their own, each for its audience.
 */
export type { DriftGrade, HttpMethod, Identity, JudgedOutcome, JudgeOptions, ObservedResponse } from './types.ts';
export type { MemberOf, Operation, Verdict, Violation, ViolationKind } from './types.ts';
export { loadContracts, type Contracts } from './load.ts';
export { expandPath, listsMember, MissingParamError, resolveParams } from './paths.ts';
export { UNCONFIRMED } from './catalog.ts';
export { SCHEMA_BASE } from './schema-ids.ts';
export { docLinks, type DocLink } from './sources.ts';
export { API_MULTIMEDIA, API_SUPERVISOR_AGENT_CONTROL, API_SUPERVISOR_MONITORING, API_VOICE, API_VOICE_RECORDING, catalogFeatures, featuresFor, featuresNeeded } from './features.ts';
export { escapePointer } from './judge.ts';

/** The contracts front door: schemas, the operation catalog and `judge()`. */
export type {
  DriftGrade,
  HttpMethod,
  Identity,
  JudgedOutcome,
  JudgeOptions,
  ObservedResponse,
  Operation,
  OperationRequest,
  ParamSource,
  Verdict,
  Violation,
  ViolationKind,
} from './types.ts';
export { loadContracts, type Contracts, type LoadOptions } from './load.ts';
export { expandPath, extractParam, resolveParams } from './paths.ts';
export {
  describeSnapshot,
  nextStep,
  observedState,
  operationFor,
  operationsOn,
  stateAfter,
  stepOf,
  stepTookEffect,
  type AgentSnapshot,
  type AgentState,
  type AgentStateOperation,
  type MoveStep,
  type ObservedState,
} from './agent-state.ts';
export { STATUS_HTTP, httpStatusesFor } from './status-http.ts';
export { SCHEMA_BASE } from './schema-ids.ts';
export { DEFAULT_LATENCY_BUDGET_MS, STANDALONE_SCHEMAS, operationId } from './catalog.ts';
export { CALL_OUTCOMES, DEVICE_OUTCOMES, SUPERVISOR_OUTCOMES, type ExpectedOutcome } from './call-outcomes.ts';
export { EXAMPLE_TEST_NUMBER, NEEDS_CALL } from './catalog-calls.ts';

/** Shared vocabulary of the contract catalog, the gate and the prober. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Which identity an operation is called with: none, the configured user, or the configured admin. */
export type Identity = 'none' | 'user' | 'admin';

/** One GWS operation (method + path template), as the catalog describes it. */
export interface Operation {
  /** Stable id formed from method and path template: `get-me`, `post-me-channels-voice`, `get-users-id`. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template relative to the API root, e.g. `/users/{id}`. */
  readonly path: string;
  readonly summary: string;
  /** Identity the positive contract and the probe use. */
  readonly identity: Identity;
  /** `$id` of the request-body schema, for operations that send a body. */
  readonly requestSchema?: string;
  /** `$id` of the response schema every answer must meet (envelope included). */
  readonly responseSchema: string;
  /** GWS statusCodes this operation may answer with (0 included where success is possible). */
  readonly statusCodes: readonly number[];
  /** Latency budget in milliseconds (catalog default 1000, overridable globally). */
  readonly latencyBudgetMs: number;
  /** True when calling it changes no state: safe to probe in production. */
  readonly readOnly: boolean;
  readonly tags: readonly string[];
  /** A representative request for positive contracts and probes. */
  readonly example: OperationRequest;
}

/** A concrete request against an operation: path parameters, query and body. */
export interface OperationRequest {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** What was observed on the wire, independent of any HTTP library. */
export interface ObservedResponse {
  readonly httpStatus: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  readonly body: unknown;
  readonly durationMs: number;
}

export type ViolationKind = 'envelope' | 'schema' | 'status-code' | 'content-type' | 'http-status' | 'latency';

/** breaking: the contract is broken; additive: something new appeared that the schema does not know. */
export type DriftGrade = 'breaking' | 'additive';

export interface Violation {
  readonly kind: ViolationKind;
  /** JSON pointer into the response body ('' for the whole body or for non-body violations). */
  readonly pointer: string;
  /** ajv keyword (`required`, `type`, ...) or a rule name for non-schema violations. */
  readonly keyword: string;
  /** One readable line, e.g. `response body /user/id: must be string`. */
  readonly message: string;
  readonly grade: DriftGrade;
}

/** How a judged response is classified; the prober's outcome label values. */
export type JudgedOutcome = 'success' | 'slow' | 'schema_violation' | 'status_code_error' | 'http_error';

export interface Verdict {
  readonly ok: boolean;
  readonly outcome: JudgedOutcome;
  /** The envelope statusCode, or null when the body had none. */
  readonly statusCode: number | null;
  readonly violations: readonly Violation[];
}

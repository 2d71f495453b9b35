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
  /** How each `{param}` of `path` is found on a real server (see `ParamSource`). */
  readonly paramSources?: Readonly<Record<string, ParamSource>>;
  /** A read of one named resource of the caller: the collection that says whether the caller has it (see `MemberOf`). */
  readonly memberOf?: MemberOf;
  /**
   * The features the operation's page lists as "Required Features" (`api-voice`, `api-multimedia`,
   * ...); empty where the page names none [src: Features 8.5.1: "When a feature is disabled, the API
   * behaves as if this set of functionality does not exist"].
   */
  readonly requiredFeatures: readonly string[];
  /**
   * Where one path serves operations of several pages with other features: the features of each
   * such `operationName` (`ListenIn` on `POST /me/devices/{id}` needs `api-supervisor-monitoring`
   * too); an operationName not listed needs `requiredFeatures`. See `featuresFor()`.
   */
  readonly operationFeatures?: Readonly<Record<string, readonly string[]>>;
}

/** A concrete request against an operation: path parameters, query and body. */
export interface OperationRequest {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Request headers the operation requires besides credentials (the Customer Chat API's `ContactCenterId`). */
  readonly headers?: Readonly<Record<string, string>>;
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
  /** The schema rule that failed, as `<schema $id>#/<pointer to the keyword>`; schema violations only. */
  readonly schemaLocation?: string;
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

/**
 * Where a path parameter of an example request comes from on a real server: the body of another
 * catalog operation's example response (called with that operation's own identity), read at a
 * JSON pointer. `last-segment` takes the last path segment of a URI (`.../devices/<id>` → `<id>`).
 */
export interface ParamSource {
  /** Catalog id of the operation whose example response holds the value. */
  readonly operation: string;
  /** JSON pointer into that operation's response body, e.g. `/user/id` or `/uris/0`. */
  readonly pointer: string;
  readonly take: 'value' | 'last-segment';
}

/**
 * The collection that lists a named resource of the caller, e.g. `/me/channels/voice` among the
 * items of GET /me/channels (`channel: "voice"`). A "not found" answer for a resource the
 * collection does not list means that the caller has none, not that the server broke.
 */
export interface MemberOf {
  /** Catalog id of the collection read, called with its own example request. */
  readonly operation: string;
  /** JSON pointer to the items array in that answer, e.g. `/channels`. */
  readonly pointer: string;
  /** The item attribute that names the resource, and the name: `channel` = `voice`. */
  readonly field: string;
  readonly value: string;
}

/** Options of `judge()`. */
export interface JudgeOptions {
  /** Overrides the operation's budget (a global `--latency-budget`). */
  readonly latencyBudgetMs?: number;
  /** Additive drift fails too. */
  readonly strict?: boolean;
  /** Also check the HTTP status against the decisions table (`STATUS_HTTP`). */
  readonly httpStatusStrict?: boolean;
  /**
   * statusCodes this particular call is expected to answer: default `[0]` (success required);
   * `'any'` accepts every code the operation documents; a list for negative contracts (`[20]`).
   */
  readonly expectStatusCodes?: readonly number[] | 'any';
  /**
   * The request that was sent (default: the operation's `example`). With a field list
   * (`?fields=id,userName`) resources answer only the fields asked for, so required attributes
   * not asked for are not required.
   */
  readonly request?: OperationRequest;
}

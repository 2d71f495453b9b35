import type { DocLink, DriftGrade, ViolationKind } from '../contracts/index.ts';
import type { ShapeComparison } from '../drift/index.ts';

/**
 * The stable result shape every reporter reads (contract-report.json writes it verbatim).
 * Fields are only ever added; `schemaVersion` changes if one is removed or changes meaning.
 */
export type ContractOutcome = 'passed' | 'failed' | 'skipped' | 'flaky' | 'warning';

export interface ReportedViolation {
  readonly kind: ViolationKind | 'assertion' | 'error';
  /** JSON pointer into the offending body ('' for the whole body or a non-body rule). */
  readonly pointer: string;
  readonly keyword: string;
  readonly message: string;
  readonly grade: DriftGrade;
  /** The request whose answer showed it (`GET /me?fields=*`), when the violation is about one. */
  readonly request?: string;
  /** The schema rule that failed, `<schema $id>#/<pointer to the keyword>` (schema violations). */
  readonly schemaLocation?: string;
}

/** A request as it went over the wire, credentials masked. */
export interface ReportedRequest {
  readonly method: string;
  /** Absolute URL, query included. */
  readonly url: string;
  /** Headers as sent; Authorization, Cookie and CSRF token values are masked. */
  readonly headers: Readonly<Record<string, string>>;
  /** Body text as sent, or null for none. */
  readonly body: string | null;
  /** Who the Basic credentials were for, and which variable holds the password in a reproduction. */
  readonly credentials: { readonly username: string; readonly passwordVariable: 'GWS_PASSWORD' | 'GWS_ADMIN_PASSWORD' | 'GWS_SUPERVISOR_PASSWORD' } | null;
}

/** The request and response a failing contract is about, credentials removed. */
export interface ReportedExchange {
  /** The HTTP request as sent; absent for what was not one (a CometD notification). */
  readonly request?: ReportedRequest;
  readonly method: string;
  /** Path relative to the API root, with query. */
  readonly path: string;
  readonly httpStatus: number | null;
  readonly contentType: string | null;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
  readonly latencyMs: number;
  /** Response headers as received (lower-case names), credentials masked; absent where not recorded. */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Set when `body` is the first `shownBytes` of a longer body (the raw text, cut). */
  readonly bodyTruncated?: { readonly shownBytes: number; readonly totalBytes: number };
}

export interface ContractResult {
  /** Stable identifier: the contract name as a slug. */
  readonly id: string;
  /** `<operation-id>: <what>` */
  readonly name: string;
  /** Catalog operation id, or null for a contract about no single operation. */
  readonly operation: string | null;
  readonly tags: readonly string[];
  readonly outcome: ContractOutcome;
  /** Set on a skipped contract that did not run (or did not finish) because a signal stopped the run. */
  readonly interrupted?: true;
  /** Failure message (first line names the contract's rule), or the reason a contract was skipped. */
  readonly message: string | null;
  readonly violations: readonly ReportedViolation[];
  /** Latency of the contract's decisive request in ms, or null when it made none. */
  readonly latencyMs: number | null;
  /** Wall time of the whole contract, setup and polling included. */
  readonly durationMs: number;
  /** 1 + the number of retries it took. */
  readonly attempts: number;
  /** Messages of the attempts that failed before the final one (flaky contracts). */
  readonly earlierFailures: readonly string[];
  readonly exchange: ReportedExchange | null;
  /** A `curl` command that repeats the decisive request (passwords as `$GWS_PASSWORD`), or null. */
  readonly curl: string | null;
  /** The GWS documentation pages the contract and its violated rules come from. */
  readonly docs: readonly DocLink[];
  /** Spec file, relative to the project root. */
  readonly file: string;
}

export interface ContractSummary {
  /** 'held' when every selected contract held (skips aside), 'failed' otherwise. */
  readonly verdict: 'held' | 'failed';
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly flaky: number;
  /** Failed contracts about endpoints the GWS documentation does not describe (tag `unconfirmed`): a warning unless --strict. */
  readonly warnings?: number;
  /** API root the gate ran against (credentials never included). */
  readonly target: string;
  /** True when the embedded simulator served as the target. */
  readonly simulator: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Selection as given: --grep and --tag. */
  readonly grep: string | null;
  readonly tags: readonly string[];
  /** --strict: additive drift fails. */
  readonly strict?: boolean;
  /** --retries: how often a failed contract was run again at most. */
  readonly retries?: number;
  /** --fail-on-flaky: a contract that passed only on a retry fails the gate. */
  readonly failOnFlaky?: boolean;
  /** The order the contracts ran in: stable, or shuffled by a seed that `--shuffle SEED` replays. */
  readonly order?: { readonly kind: 'stable' } | { readonly kind: 'shuffled'; readonly seed: number };
  /** Distinct additive drift findings (`drift.additive`). */
  readonly additiveDrift?: number;
  /** The features the server enables (GET /features); null when it lists none (contracts needing one then ran anyway). */
  readonly features?: readonly string[] | null;
  /** Set when SIGINT or SIGTERM stopped the run: the signal and how many contracts did not run. */
  readonly interrupted?: { readonly signal: 'SIGINT' | 'SIGTERM'; readonly notRun: number };
  /** Why the verdict is 'failed', one line each (empty when it held). */
  readonly reasons?: readonly string[];
}

/** Something the schema does not know, seen in this run: an additive violation, gathered over contracts. */
export interface DriftFinding {
  readonly operation: string | null;
  /** An attribute the schema does not know, or a new value of a list the docs call open. */
  readonly change: 'new-attribute' | 'new-enum-value';
  readonly pointer: string;
  readonly message: string;
  /** The requests whose answers showed it. */
  readonly requests: readonly string[];
  /** The contracts that saw it. */
  readonly contracts: readonly string[];
}

export interface DriftReport {
  /** Additive drift: a warning, unless --strict made the contracts that saw it fail. */
  readonly additive: readonly DriftFinding[];
  /** What changed since the record given to --compare, or null without it. */
  readonly comparison: ShapeComparison | null;
  /** The file --record wrote, or null. */
  readonly recordedTo: string | null;
}

/** Failed contracts that broke the same rule at the same place: one cause, listed once. */
export interface FailureGroup {
  /** The violation they share (its message as the first contract saw it). */
  readonly violation: ReportedViolation;
  /** Ids of the contracts, in report order; the first one's evidence stands for all. */
  readonly contracts: readonly string[];
}

export interface ContractReport {
  readonly schemaVersion: 2;
  readonly tool: 'gwscheck';
  readonly summary: ContractSummary;
  readonly results: readonly ContractResult[];
  /** Always written by the gate; optional for reports built by other tools from this shape. */
  readonly drift?: DriftReport;
}

export interface ReporterContext {
  /** Directory report files are written to (created when missing). */
  readonly dir: string;
  /** Environment-derived destinations, e.g. the GitHub step summary file. */
  readonly stepSummaryFile?: string;
  /** Where text for the person running the command goes. */
  readonly stdout: (text: string) => void;
  /** Colour the terminal summary (ANSI escapes). */
  readonly color?: boolean;
}

/** One output format. `write` returns the paths of the files it wrote. */
export interface Reporter {
  readonly name: string;
  write(report: ContractReport, context: ReporterContext): Promise<readonly string[]>;
}

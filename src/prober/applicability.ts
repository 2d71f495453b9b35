import { UNCONFIRMED, type MissingParamError, type Operation } from '../contracts/index.ts';

/** statusCodes that refuse a caller for lack of a role [src: RV852]: 3 forbidden, 5 no permission. */
const ROLE_REFUSALS: ReadonlySet<number> = new Set([3, 5]);

/** statusCode 6: the resource does not exist [src: RV852]. */
const NOT_FOUND = 6;

/** What a failed answer said: enough to tell "you have none" from "the server broke". */
export interface FailedAnswer {
  readonly httpStatus: number;
  /** The envelope statusCode, or null when the body had none. */
  readonly statusCode: number | null;
  readonly statusMessage?: string;
}

/** An HTTP 404 or a statusCode 6, whatever the body. */
export function isNotFound(answer: FailedAnswer): boolean {
  return answer.httpStatus === 404 || answer.statusCode === NOT_FOUND;
}

/** `statusCode 6 ("Channel voice not found")`, or `HTTP 404` for an answer without a statusCode. */
export function describeAnswer(answer: FailedAnswer): string {
  if (answer.statusCode === null) return `HTTP ${answer.httpStatus}`;
  const message = answer.statusMessage === undefined ? '' : ` (${JSON.stringify(answer.statusMessage.slice(0, 120))})`;
  return `statusCode ${answer.statusCode}${message}`;
}

/** The statusMessage of a GWS envelope, when the body has one. */
export function statusMessageOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const message = (body as { statusMessage?: unknown }).statusMessage;
  return typeof message === 'string' ? message : undefined;
}

/**
 * Why a failed answer of `op` means that the probe does not apply to this target rather than that
 * the server broke, or undefined when it is a failure. An admin-only operation refused for lack of
 * a role: the admin identity does not hold one. An unconfirmed endpoint (one the GWS documentation
 * does not describe) answered "not found": this server does not have it, unless `strict` demands it.
 */
export function inapplicableAnswer(op: Operation, answer: FailedAnswer, strict: boolean): string | undefined {
  if (op.identity === 'admin' && answer.statusCode !== null && ROLE_REFUSALS.has(answer.statusCode)) {
    return `the admin identity lacks the role for ${op.method} ${op.path}: ${describeAnswer(answer)}`;
  }
  if (!strict && op.tags.includes(UNCONFIRMED) && isNotFound(answer)) {
    return `the server does not have ${op.method} ${op.path}, an endpoint the GWS documentation does not describe: ${describeAnswer(answer)}`;
  }
  return undefined;
}

/** The reason of a `memberOf` read whose collection does not list the resource: the caller has none. */
export function notAMember(op: Operation): string | undefined {
  const member = op.memberOf;
  return member === undefined ? undefined : `the probe user has no ${member.value} ${member.field}: ${member.operation} lists none`;
}

/**
 * Why a parameter that could not be resolved means that the probe does not apply, or undefined: the
 * source listed nothing (no device, no skill), so there is nothing to address. A source answer that
 * lists an item without the value is broken instead.
 */
export function inapplicableParam(error: MissingParamError): string | undefined {
  if (!error.empty) return undefined;
  return `no {${error.param}} to probe: ${error.source.operation} lists none (nothing at ${error.source.pointer})`;
}

/** The features of `required` that `enabled` lacks; none while the target's features are unknown. */
export function missingFeatures(required: readonly string[], enabled: ReadonlySet<string> | undefined): string[] {
  return enabled === undefined ? [] : required.filter((feature) => !enabled.has(feature));
}

function featureText(missing: readonly string[]): string {
  return missing.length === 1 ? `feature ${missing[0] ?? ''}` : `features ${missing.join(', ')}`;
}

/**
 * Why a probe of `op` does not apply on a target whose `GET /features` does not list a feature the
 * operation needs, or one that an operation read first needs (`sources`: where its path parameters
 * come from, the collection of a `memberOf` read). Undefined when every feature is there, or while
 * the features are unknown (not read yet, or no features resource: an older GWS). [src: FEATURES:
 * "When a feature is disabled, the API behaves as if this set of functionality does not exist"]
 */
export function inapplicableFeature(op: Operation, enabled: ReadonlySet<string> | undefined, sources: readonly Operation[] = []): string | undefined {
  const own = missingFeatures(op.requiredFeatures, enabled);
  if (own.length > 0) return `the target does not enable ${featureText(own)} (not listed by GET /features), which ${op.method} ${op.path} requires`;
  for (const source of sources) {
    const missing = missingFeatures(source.requiredFeatures, enabled);
    if (missing.length > 0) return `the target does not enable ${featureText(missing)} (not listed by GET /features), which ${source.id} requires (read first for ${op.method} ${op.path})`;
  }
  return undefined;
}

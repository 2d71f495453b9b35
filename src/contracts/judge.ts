import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { httpStatusesFor } from './status-http.ts';
import type {
  DriftGrade,
  JudgedOutcome,
  JudgeOptions,
  ObservedResponse,
  Operation,
  Verdict,
  Violation,
  ViolationKind,
} from './types.ts';

type SchemaObject = Record<string, unknown>;

/** Where a schema node sits: `<$id>#<pointer>`, or undefined for a node of no loaded file. */
export type SchemaLocator = (node: object) => string | undefined;

function isObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One JSON-pointer reference token (RFC 6901: `~` and `/` escaped). */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function where(subject: string, pointer: string): string {
  return pointer === '' ? subject : `${subject} ${pointer}`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The documented rule a schema states in its `description`, quoted for a violation of it. */
function ruleOf(schema: SchemaObject): string | undefined {
  const description = schema['description'];
  return typeof description === 'string' ? `breaks the rule: ${description}` : undefined;
}

function fieldList(operation: Operation, options: JudgeOptions): ReadonlySet<string> | undefined {
  const fields = (options.request ?? operation.example).query?.['fields'];
  if (fields === undefined || fields.trim() === '*') return undefined;
  return new Set(fields.split(',').map((f) => f.trim()).filter((f) => f !== ''));
}

/**
 * Turns ajv errors into graded violations. The grade follows from the keyword and the annotations
 * of the schema that holds it, never from field names:
 * - an unknown attribute (`additionalProperties`/`unevaluatedProperties`) is additive, unless the
 *   schema is an exact shape (`x-exact`): error envelope, operation ack, a response's top level;
 * - a value outside an enum the docs call open (`x-open-enum`) is additive;
 * - everything else (required, type, const, pattern, format, closed enum, envelope rules) breaks.
 */
export function schemaViolations(
  errors: readonly ErrorObject[],
  subject: string,
  fields?: ReadonlySet<string>,
  locate?: SchemaLocator,
): Violation[] {
  const out: Violation[] = [];
  for (const error of errors) {
    // `if` only reports that its `then`/`else` failed; the failure itself is reported on its own.
    if (error.keyword === 'if') continue;
    // The items a `contains` tried are not each a defect: the `contains` error reports the rule.
    if (error.schemaPath.includes('/contains/')) continue;
    const parent: SchemaObject = isObject(error.parentSchema) ? error.parentSchema : {};
    const rule = typeof parent['x-envelope-rule'] === 'string' ? parent['x-envelope-rule'] : undefined;
    const kind: ViolationKind = rule === undefined ? 'schema' : 'envelope';
    let pointer = error.instancePath;
    let grade: DriftGrade = 'breaking';
    let detail = error.message ?? error.keyword;
    const params = error.params as Record<string, unknown>;

    switch (error.keyword) {
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const name = text(params['additionalProperty'] ?? params['unevaluatedProperty']);
        pointer = `${pointer}/${escapePointer(name)}`;
        if (parent['x-exact'] === true) {
          detail = 'attribute not allowed: this shape is exact';
        } else {
          grade = 'additive';
          detail = 'attribute not in the schema (additive drift)';
        }
        break;
      }
      case 'required': {
        const name = text(params['missingProperty']);
        if (fields !== undefined && typeof parent['x-resource'] === 'string' && !fields.has(name)) continue;
        pointer = `${pointer}/${escapePointer(name)}`;
        detail = 'required attribute is missing';
        break;
      }
      case 'enum': {
        const values: unknown = params['allowedValues'];
        const allowed = Array.isArray(values) ? values.map((v: unknown) => text(v)).join(', ') : '';
        if (parent['x-open-enum'] === true) {
          grade = 'additive';
          detail = `new value ${show(error.data)} in an open list (known: ${allowed})`;
        } else {
          detail = `must be one of ${allowed}, got ${show(error.data)}`;
        }
        break;
      }
      case 'const':
        detail = `must be ${show(params['allowedValue'])}, got ${show(error.data)}`;
        break;
      case 'pattern':
      case 'format':
        detail = `${detail}, got ${show(error.data)}`;
        break;
      case 'not': {
        // `not: {required: [x]}` forbids x: point at x.
        const negated = parent['not'];
        const required: unknown = isObject(negated) ? negated['required'] : undefined;
        const forbidden: unknown = Array.isArray(required) ? required[0] : undefined;
        if (typeof forbidden === 'string') {
          pointer = `${pointer}/${escapePointer(forbidden)}`;
          detail = 'must not be present';
        } else {
          detail = ruleOf(parent) ?? `must not match ${show(negated)}`;
        }
        break;
      }
      case 'contains':
        // A rule across the items of a list (a Held call offers no Hold): the schema says which.
        detail = ruleOf(parent) ?? detail;
        break;
      default:
        break;
    }
    const message = `${where(subject, pointer)}: ${detail}${rule === undefined ? '' : ` (${rule})`}`;
    const at = locate?.(parent);
    out.push({ kind, pointer, keyword: error.keyword, message, grade, ...(at === undefined ? {} : { schemaLocation: `${at}/${error.keyword}` }) });
  }
  // One defect, one violation: an envelope rule explains a pointer better than the schema rule
  // that also trips over it (statusMessage on success breaks both).
  const envelopePointers = new Set(out.filter((v) => v.kind === 'envelope').map((v) => v.pointer));
  const seen = new Set<string>();
  return out.filter((v) => {
    if (v.kind === 'schema' && envelopePointers.has(v.pointer)) return false;
    const key = `${v.kind}|${v.pointer}|${v.keyword}|${v.grade}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function parseBody(response: ObservedResponse): { ok: true; body: unknown } | { ok: false; reason: string } {
  if (response.body !== undefined) return { ok: true, body: response.body };
  if (response.rawBody.trim() === '') return { ok: false, reason: 'response body is empty, expected JSON' };
  try {
    return { ok: true, body: JSON.parse(response.rawBody) as unknown };
  } catch {
    return { ok: false, reason: `response body is not JSON: ${show(response.rawBody.slice(0, 60))}` };
  }
}

function violation(kind: ViolationKind, keyword: string, message: string): Violation {
  return { kind, pointer: '', keyword, message, grade: 'breaking' };
}

function outcomeOf(counted: readonly Violation[], transportBroken: boolean): JudgedOutcome {
  if (transportBroken) return 'http_error';
  if (counted.some((v) => v.kind === 'status-code' || v.kind === 'http-status')) return 'status_code_error';
  if (counted.some((v) => v.kind === 'envelope' || v.kind === 'schema' || v.kind === 'content-type')) {
    return 'schema_violation';
  }
  if (counted.some((v) => v.kind === 'latency')) return 'slow';
  return 'success';
}

/** Judges one observed response against an operation's contract. Never throws for a bad response. */
export function judgeResponse(
  validate: ValidateFunction,
  operation: Operation,
  response: ObservedResponse,
  options: JudgeOptions = {},
  locate?: SchemaLocator,
): Verdict {
  const violations: Violation[] = [];
  let transportBroken = false;

  // Responses are always application/json [src: MAR; CODE-NET rejects any other media type].
  const contentType = response.headers['content-type'];
  if (contentType === undefined || !/^application\/json\s*(;|$)/i.test(contentType)) {
    transportBroken = true;
    violations.push(
      violation(
        'content-type',
        'content-type',
        `Content-Type is ${contentType === undefined ? 'missing' : show(contentType)}, expected application/json`,
      ),
    );
  }

  const parsed = parseBody(response);
  let statusCode: number | null = null;
  if (!parsed.ok) {
    transportBroken = true;
    violations.push(violation('envelope', 'json', parsed.reason));
  } else {
    const body = parsed.body;
    if (isObject(body) && typeof body['statusCode'] === 'number' && Number.isInteger(body['statusCode'])) {
      statusCode = body['statusCode'];
    }
    // A server error page that happens to be JSON but is no GWS envelope is still a transport failure.
    if (statusCode === null && response.httpStatus >= 500) transportBroken = true;
    if (!validate(body)) violations.push(...schemaViolations(validate.errors ?? [], 'response body', fieldList(operation, options), locate));

    // Any statusCode the contract does not expect is a status-code error, whatever the HTTP status:
    // clients must read statusCode, not the HTTP status alone [src: CODE-NET]. One outside the 0-20
    // table [src: RV852] is that and, beside it, an envelope violation.
    if (statusCode !== null) {
      const message = isObject(body) && typeof body['statusMessage'] === 'string' ? ` (${show(body['statusMessage'])})` : '';
      const expected = options.expectStatusCodes ?? [0];
      if (expected !== 'any' && !expected.includes(statusCode)) {
        violations.push(
          violation('status-code', 'statusCode', `statusCode ${statusCode}${message}, expected ${expected.join(' or ')}`),
        );
      } else if (!operation.statusCodes.includes(statusCode)) {
        violations.push(
          violation(
            'status-code',
            'statusCode',
            `statusCode ${statusCode}${message} is not one ${operation.method} ${operation.path} answers (${operation.statusCodes.join(', ')})`,
          ),
        );
      }
      // Success comes with HTTP 200 [src: OBS-WWE]; a success body on an error status contradicts itself.
      if (statusCode === 0 && (response.httpStatus < 200 || response.httpStatus > 299)) {
        violations.push(violation('http-status', 'httpStatus', `HTTP ${response.httpStatus} with statusCode 0, expected 2xx`));
      } else if (options.httpStatusStrict === true && statusCode !== 0) {
        const allowed = httpStatusesFor(statusCode);
        if (allowed !== undefined && !allowed.includes(response.httpStatus)) {
          violations.push(
            violation(
              'http-status',
              'httpStatus',
              `HTTP ${response.httpStatus} with statusCode ${statusCode}, expected ${allowed.join(' or ')}`,
            ),
          );
        }
      }
    }
  }

  const budget = options.latencyBudgetMs ?? operation.latencyBudgetMs;
  if (response.durationMs > budget) {
    violations.push(violation('latency', 'latency', `took ${Math.round(response.durationMs)} ms, budget ${budget} ms`));
  }

  const counted = options.strict === true ? violations : violations.filter((v) => v.grade === 'breaking');
  return {
    ok: counted.length === 0,
    outcome: outcomeOf(counted, transportBroken),
    statusCode,
    violations,
  };
}

import { compileGlob } from './glob.ts';
import { pointerTokens, UNSAFE_TOKENS } from './mutate.ts';
import { FAULT_TYPES, LATENCY_PHASES, type ActiveFault, type FaultSpec, type FaultType } from './types.ts';

/** A fault spec that cannot be applied. One line naming the bad key and what was expected. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

const COMMON_KEYS = ['type', 'route', 'method', 'rate', 'times'] as const;

/** Extra keys per type: [key, kind, required]. */
const TYPE_KEYS: Readonly<Record<FaultType, readonly (readonly [string, 'ms' | 'int' | 'string' | 'any', boolean])[]>> = {
  latency: [['fixedMs', 'ms', true], ['jitterMs', 'ms', false], ['delays', 'string', false]],
  'status-code': [['statusCode', 'int', true], ['httpStatus', 'int', false], ['statusMessage', 'string', false]],
  'http-5xx-html': [['httpStatus', 'int', false]],
  'not-json': [],
  'wrong-content-type': [['contentType', 'string', false]],
  hang: [],
  reset: [],
  'async-never-applied': [],
  down: [['durationMs', 'ms', true]],
  'large-body': [['bytes', 'int', true]],
  mutate: [['op', 'string', true], ['pointer', 'string', true], ['value', 'any', false]],
  'notification-dropped': [],
  'notification-delayed': [['delayMs', 'ms', true]],
  'notification-malformed': [],
};

/** Faults that act on CometD notifications (matched by Bayeux channel) rather than on HTTP requests. */
export function isNotificationFault(type: FaultType): boolean {
  return type.startsWith('notification-');
}

const MAX_LARGE_BODY = 512 * 1024 * 1024;

function fail(message: string): never {
  throw new FaultSpecError(message);
}

/** Validates one fault spec (from JSON, the CLI or the control API). */
export function validateFaultSpec(value: unknown): FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('fault spec must be a JSON object such as {"type":"hang"}');
  const spec = value as Record<string, unknown>;
  const type = spec['type'];
  if (typeof type !== 'string' || !(FAULT_TYPES as readonly string[]).includes(type)) {
    fail(`fault "type" ${JSON.stringify(type) ?? 'missing'} is not one of ${FAULT_TYPES.join(', ')}`);
  }
  const faultType = type as FaultType;
  const allowed = new Set<string>([...COMMON_KEYS, ...TYPE_KEYS[faultType].map(([k]) => k)]);
  for (const key of Object.keys(spec)) {
    if (!allowed.has(key)) fail(`fault "${faultType}": unknown key "${key}" (expected ${[...allowed].join(', ')})`);
  }
  const route = spec['route'];
  if (route !== undefined && (typeof route !== 'string' || !route.startsWith('/'))) {
    fail(`fault "route" ${JSON.stringify(route)} must be a path glob starting with "/" (e.g. "/me/**")`);
  }
  const method = spec['method'];
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))) {
    fail(`fault "method" ${JSON.stringify(method)} must be an HTTP method such as "GET"`);
  }
  const rate = spec['rate'];
  if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    fail(`fault "rate" ${JSON.stringify(rate)} must be a number from 0 to 1`);
  }
  const times = spec['times'];
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    fail(`fault "times" ${JSON.stringify(times)} must be a positive integer`);
  }
  for (const [key, kind, required] of TYPE_KEYS[faultType]) {
    const v = spec[key];
    if (v === undefined) {
      if (required) fail(`fault "${faultType}" needs "${key}"`);
      continue;
    }
    const ok =
      kind === 'ms' ? typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 3_600_000
      : kind === 'int' ? typeof v === 'number' && Number.isInteger(v)
      : kind === 'string' ? typeof v === 'string'
      : true;
    if (!ok) {
      const expected = kind === 'ms' ? 'milliseconds from 0 to 3600000' : kind === 'int' ? 'an integer' : 'a string';
      fail(`fault "${faultType}" key "${key}" ${JSON.stringify(v)} must be ${expected}`);
    }
  }
  switch (faultType) {
    case 'latency': {
      const delays = spec['delays'];
      if (delays !== undefined && !(LATENCY_PHASES as readonly unknown[]).includes(delays)) {
        fail(`fault "latency" key "delays" ${JSON.stringify(delays)} must be one of ${LATENCY_PHASES.join(', ')}`);
      }
      break;
    }
    case 'status-code': {
      const httpStatus = spec['httpStatus'];
      if (httpStatus !== undefined && !(typeof httpStatus === 'number' && httpStatus >= 200 && httpStatus <= 599)) {
        fail(`fault "status-code" key "httpStatus" ${JSON.stringify(httpStatus)} must be an HTTP status from 200 to 599`);
      }
      break;
    }
    case 'http-5xx-html': {
      const httpStatus = spec['httpStatus'];
      if (httpStatus !== undefined && !(typeof httpStatus === 'number' && httpStatus >= 500 && httpStatus <= 599)) {
        fail(`fault "http-5xx-html" key "httpStatus" ${JSON.stringify(httpStatus)} must be from 500 to 599`);
      }
      break;
    }
    case 'large-body': {
      const bytes = spec['bytes'] as number;
      if (bytes < 1 || bytes > MAX_LARGE_BODY) fail(`fault "large-body" key "bytes" ${bytes} must be from 1 to ${MAX_LARGE_BODY}`);
      break;
    }
    case 'wrong-content-type': {
      const contentType = spec['contentType'];
      if (contentType !== undefined && !/^[\x21-\x7e][\x20-\x7e]*$/.test(contentType as string)) {
        fail(`fault "wrong-content-type" key "contentType" ${JSON.stringify(contentType)} must be a printable header value`);
      }
      break;
    }
    case 'mutate': {
      const op = spec['op'];
      if (op !== 'add' && op !== 'remove' && op !== 'retype') fail(`fault "mutate" key "op" ${JSON.stringify(op)} must be one of add, remove, retype`);
      const pointer = spec['pointer'] as string;
      if (!pointer.startsWith('/')) fail(`fault "mutate" key "pointer" ${JSON.stringify(pointer)} must be a JSON pointer such as "/user/id"`);
      const unsafe = pointerTokens(pointer).find((token) => UNSAFE_TOKENS.has(token));
      if (unsafe !== undefined) fail(`fault "mutate" key "pointer" ${JSON.stringify(pointer)} must not name "${unsafe}" (object internals, not response members)`);
      break;
    }
    default:
      break;
  }
  return spec as unknown as FaultSpec;
}

function coerce(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * Parses a CLI `--fault` value: either a JSON object, or the compact form
 * `TYPE[,key=value...]`, e.g. `status-code,statusCode=4,httpStatus=500,route=/me/**,rate=0.5`.
 * Values that parse as JSON (numbers, booleans, quoted strings) are taken as JSON.
 */
export function parseFaultArg(text: string): FaultSpec {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      fail(`--fault ${JSON.stringify(text)} is not valid JSON`);
    }
    return validateFaultSpec(parsed);
  }
  const [type, ...pairs] = trimmed.split(',');
  const spec: Record<string, unknown> = { type };
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) fail(`--fault ${JSON.stringify(text)}: "${pair}" is not key=value`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    spec[key] = key === 'route' || key === 'method' || key === 'pointer' || key === 'contentType' || key === 'statusMessage' || key === 'delays' ? raw : coerce(raw);
  }
  return validateFaultSpec(spec);
}

/** Faults currently in force, with their ids. */
export class FaultRegistry {
  readonly #faults = new Map<string, { spec: ActiveFault; remaining: number; routeMatches: (path: string) => boolean }>();
  #next = 1;

  add(spec: FaultSpec): string {
    const id = `f${this.#next}`;
    this.#next += 1;
    const routeMatches = spec.route === undefined ? () => true : compileGlob(spec.route);
    this.#faults.set(id, { spec: { ...spec, id }, remaining: spec.times ?? Number.POSITIVE_INFINITY, routeMatches });
    return id;
  }

  list(): ActiveFault[] {
    return [...this.#faults.values()].map((f) => f.spec);
  }

  remove(id: string): boolean {
    return this.#faults.delete(id);
  }

  clear(): number {
    const n = this.#faults.size;
    this.#faults.clear();
    return n;
  }

  /**
   * The faults that fire for one request, in the order they were added. Each matching fault rolls
   * its own rate; a fault with `times` is removed once it has fired that often.
   */
  fire(path: string, method: string, random: () => number = Math.random): ActiveFault[] {
    const fired: ActiveFault[] = [];
    for (const [id, entry] of this.#faults) {
      const { spec } = entry;
      if (spec.type === 'down' || isNotificationFault(spec.type)) continue;
      if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!entry.routeMatches(path)) continue;
      if (random() >= (spec.rate ?? 1)) continue;
      fired.push(spec);
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.#faults.delete(id);
    }
    return fired;
  }

  /** The first notification fault that fires for one notification on a Bayeux channel (`route` globs the channel). */
  fireNotification(channel: string, random: () => number = Math.random): ActiveFault | undefined {
    for (const [id, entry] of this.#faults) {
      const { spec } = entry;
      if (!isNotificationFault(spec.type)) continue;
      if (!entry.routeMatches(channel)) continue;
      if (random() >= (spec.rate ?? 1)) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.#faults.delete(id);
      return spec;
    }
    return undefined;
  }
}

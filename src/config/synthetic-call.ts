import { ConfigError } from './errors.ts';
import type { Credentials } from './gate.ts';
import type { ProbeSchedule } from './values.ts';

/** The opt-in synthetic-call probe: a dedicated test agent dials a number that answers by itself. */
export interface SyntheticCallConfig {
  readonly agent: Credentials;
  /** Dialled from the agent's first device; it must answer by itself (an IVR or a test line). */
  readonly testNumber: string;
  readonly schedule: ProbeSchedule;
  /** Per-request timeout of every request the probe sends. */
  readonly timeoutMs: number;
  /** How long the call may take to reach Established after the Dial, and Released after the Hangup. */
  readonly settleTimeoutMs: number;
  /** Gap between two reads of GET /me/calls where the target has no notifications. */
  readonly pollIntervalMs: number;
}

export const SYNTHETIC_CALL_DEFAULTS = Object.freeze({ interval: '1m', settleTimeoutMs: 15_000, pollIntervalMs: 250 });

/** A dialable number as GWS takes it in `destination.phoneNumber` [src: CallsDial 8.5.2]: digits, an optional leading +. */
const PHONE_NUMBER = '^\\+?[0-9]{1,32}$';

/** The JSON Schema of a target's `syntheticCall` block; `credentials` and the duration schemas come from the caller. */
export function syntheticCallSchema(parts: {
  readonly credentials: object;
  readonly schedule: object;
  readonly duration: object;
}): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['username', 'testNumber'],
    properties: {
      enabled: { type: 'boolean' },
      ...parts.credentials,
      testNumber: { type: 'string', pattern: PHONE_NUMBER, description: 'a number that answers by itself, digits with an optional leading + (e.g. 15002)' },
      interval: parts.schedule,
      timeout: parts.duration,
      settleTimeout: parts.duration,
      pollInterval: parts.duration,
    },
  };
}

export interface RawSyntheticCall {
  enabled?: boolean;
  username?: string;
  passwordEnv?: string;
  passwordFile?: string;
  testNumber: string;
  interval?: string;
  timeout?: string;
  settleTimeout?: string;
  pollInterval?: string;
}

/** How the config file's values are read; passed in so this block parses them as every other block does. */
export interface SyntheticCallParsers {
  readonly credentials: (raw: RawSyntheticCall, key: string) => Credentials | undefined;
  readonly schedule: (text: string, key: string) => ProbeSchedule;
  readonly duration: (text: string, key: string) => number;
}

/**
 * The checked `syntheticCall` block of target `key`, or undefined when it is absent or disabled.
 * `userName` is the target's probe user: the call probe needs an agent no person uses, since it
 * places real calls from that agent's device.
 */
export function parseSyntheticCall(
  raw: RawSyntheticCall | undefined,
  key: string,
  context: { readonly parse: SyntheticCallParsers; readonly requestTimeoutMs: number; readonly userName?: string | undefined },
): SyntheticCallConfig | undefined {
  if (raw === undefined || raw.enabled === false) return undefined;
  const at = `${key}.syntheticCall`;
  const agent = context.parse.credentials(raw, at);
  if (agent === undefined) throw new ConfigError(`${at}.username is missing (expected the dedicated test agent's login)`);
  if (agent.username === context.userName) {
    throw new ConfigError(`${at}.username "${agent.username}" is the probe user (expected a dedicated test agent that no person logs in as)`);
  }
  const duration = (text: string | undefined, name: string, fallback: number): number =>
    text === undefined ? fallback : context.parse.duration(text, `${at}.${name}`);
  return Object.freeze({
    agent,
    testNumber: raw.testNumber,
    schedule: context.parse.schedule(raw.interval ?? SYNTHETIC_CALL_DEFAULTS.interval, `${at}.interval`),
    timeoutMs: duration(raw.timeout, 'timeout', context.requestTimeoutMs),
    settleTimeoutMs: duration(raw.settleTimeout, 'settleTimeout', SYNTHETIC_CALL_DEFAULTS.settleTimeoutMs),
    pollIntervalMs: duration(raw.pollInterval, 'pollInterval', SYNTHETIC_CALL_DEFAULTS.pollIntervalMs),
  });
}

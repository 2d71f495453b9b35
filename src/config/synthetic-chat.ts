import { ConfigError } from './errors.ts';
import type { Credentials } from './gate.ts';
import type { ProbeSchedule } from './values.ts';

/**
 * The opt-in synthetic-chat probe: a customer starts a chat through the Customer Chat API, a
 * dedicated test agent with a chat channel takes it, one message goes each way, both sides complete it.
 */
export interface SyntheticChatConfig {
  readonly agent: Credentials;
  /** The Customer Chat API's ContactCenterId header: the customer side sends no credentials [src: CustomerChatRequestChat]. */
  readonly contactCenterId: string;
  /** RequestChat's `endpoint`: the queue that routes the chat; absent, the contact center's default [src: CustomerChatRequestChat]. */
  readonly endpoint?: string;
  readonly schedule: ProbeSchedule;
  /** Per-request timeout of every request the probe sends. */
  readonly timeoutMs: number;
  /** How long each step may take to show: the offer, Chatting, a message on the other side, Completed, a channel state. */
  readonly settleTimeoutMs: number;
  /** Gap between two reads where the target has no notifications, and between the customer's reads of its messages. */
  readonly pollIntervalMs: number;
}

export const SYNTHETIC_CHAT_DEFAULTS = Object.freeze({ interval: '1m', settleTimeoutMs: 15_000, pollIntervalMs: 250 });

/** A contact center id as a header value: visible ASCII, no spaces (the gate's --contact-center-id takes the same). */
export const CONTACT_CENTER_ID_SCHEMA = {
  type: 'string',
  pattern: '^[\\x21-\\x7e]{1,200}$',
  description: 'a contact center id (up to 200 visible characters without spaces, e.g. cfe5ad67-ba6d-4340-81f9-bb680ef5d498)',
} as const;

/** The JSON Schema of a target's `syntheticChat` block; `credentials` and the duration schemas come from the caller. */
export function syntheticChatSchema(parts: { readonly credentials: object; readonly schedule: object; readonly duration: object }): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['username'],
    properties: {
      enabled: { type: 'boolean' },
      ...parts.credentials,
      endpoint: { type: 'string', minLength: 1, maxLength: 200, description: 'the name of a chat queue (endpoint) that routes to the test agent' },
      interval: parts.schedule,
      timeout: parts.duration,
      settleTimeout: parts.duration,
      pollInterval: parts.duration,
    },
  };
}

export interface RawSyntheticChat {
  enabled?: boolean;
  username?: string;
  passwordEnv?: string;
  passwordFile?: string;
  endpoint?: string;
  interval?: string;
  timeout?: string;
  settleTimeout?: string;
  pollInterval?: string;
}

/** How the config file's values are read; passed in so this block parses them as every other block does. */
export interface SyntheticChatParsers {
  readonly credentials: (raw: RawSyntheticChat, key: string) => Credentials | undefined;
  readonly schedule: (text: string, key: string) => ProbeSchedule;
  readonly duration: (text: string, key: string) => number;
}

/**
 * The checked `syntheticChat` block of target `key`, or undefined when it is absent or disabled.
 * `contactCenterId` is the target's: the customer side needs it. `userName` is the target's probe
 * user: the chat probe needs an agent no person uses, since real chats are offered to it.
 */
export function parseSyntheticChat(
  raw: RawSyntheticChat | undefined,
  key: string,
  context: { readonly parse: SyntheticChatParsers; readonly requestTimeoutMs: number; readonly contactCenterId?: string | undefined; readonly userName?: string | undefined },
): SyntheticChatConfig | undefined {
  if (raw === undefined || raw.enabled === false) return undefined;
  const at = `${key}.syntheticChat`;
  if (context.contactCenterId === undefined) {
    throw new ConfigError(`${at} needs the target's contactCenterId (expected the contact center's id, which the Customer Chat API takes as its ContactCenterId header)`);
  }
  const agent = context.parse.credentials(raw, at);
  if (agent === undefined) throw new ConfigError(`${at}.username is missing (expected the dedicated test agent's login)`);
  if (agent.username === context.userName) {
    throw new ConfigError(`${at}.username "${agent.username}" is the probe user (expected a dedicated test agent with a chat channel that no person logs in as)`);
  }
  const duration = (text: string | undefined, name: string, fallback: number): number =>
    text === undefined ? fallback : context.parse.duration(text, `${at}.${name}`);
  return Object.freeze({
    agent,
    contactCenterId: context.contactCenterId,
    ...(raw.endpoint !== undefined ? { endpoint: raw.endpoint } : {}),
    schedule: context.parse.schedule(raw.interval ?? SYNTHETIC_CHAT_DEFAULTS.interval, `${at}.interval`),
    timeoutMs: duration(raw.timeout, 'timeout', context.requestTimeoutMs),
    settleTimeoutMs: duration(raw.settleTimeout, 'settleTimeout', SYNTHETIC_CHAT_DEFAULTS.settleTimeoutMs),
    pollIntervalMs: duration(raw.pollInterval, 'pollInterval', SYNTHETIC_CHAT_DEFAULTS.pollIntervalMs),
  });
}

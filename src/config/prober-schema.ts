import { readFileSync } from 'node:fs';
import { syntheticCallSchema, type RawSyntheticCall } from './synthetic-call.ts';
import { CONTACT_CENTER_ID_SCHEMA, syntheticChatSchema, type RawSyntheticChat } from './synthetic-chat.ts';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { createAjv, formatAjvErrors, type ErrorObject, type ValidateFunction } from '../contracts/ajv.ts';
import { ConfigError } from './errors.ts';
import { TLS_SCHEMA, type RawTls } from './tls.ts';
import { RESULTS_PAGES_SCHEMA, type RawResultsPages } from './results-pages.ts';

/** The shape of a prober config file, checked before any value in it is interpreted. */
export const TARGET_NAME = '^[A-Za-z_][A-Za-z0-9_.-]{0,62}$';

const credentialsProperties = {
  username: { type: 'string', minLength: 1, description: 'a GWS login name' },
  passwordEnv: {
    type: 'string',
    pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
    description: 'the name of an environment variable holding the password',
  },
  passwordFile: { type: 'string', minLength: 1, description: 'the path of a file holding the password' },
} as const;

const scheduleSchema = { type: 'string', minLength: 1, description: 'e.g. 15s, 1m, or a six-field cron expression' };
// The grammar and range of a duration are checked by parseDuration, the same for flags and keys.
const durationSchema = { type: 'string', minLength: 1, description: 'a duration such as 500ms, 5s or 1m' };

const probeSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { interval: scheduleSchema, timeout: durationSchema },
} as const;

const probeIdList = { type: 'array', items: { type: 'string', minLength: 1, description: 'a probe id' } } as const;

export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['targets'],
  properties: {
    listen: { type: 'string', minLength: 1, description: 'host:port, e.g. 127.0.0.1:9464' },
    interval: scheduleSchema,
    timeout: durationSchema,
    maxBodyBytes: { type: 'integer', minimum: 1, description: 'a positive whole number of bytes' },
    strict: { type: 'boolean', description: 'true or false' },
    resultsPages: RESULTS_PAGES_SCHEMA,
    probes: { type: 'object', additionalProperties: probeSettingsSchema, description: 'a map of probe id to {interval, timeout}' },
    targets: {
      type: 'array',
      minItems: 1,
      description: 'a list of targets',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'baseUrl'],
        properties: {
          name: { type: 'string', pattern: TARGET_NAME, description: 'a short name such as gws-a (letters, digits, _ . -)' },
          baseUrl: { type: 'string', minLength: 1, description: 'an http(s) URL such as http://host:8080/api/v2' },
          ...credentialsProperties,
          admin: {
            type: 'object',
            additionalProperties: false,
            required: ['username'],
            properties: credentialsProperties,
          },
          interval: scheduleSchema,
          timeout: durationSchema,
          maxBodyBytes: { type: 'integer', minimum: 1, description: 'a positive whole number of bytes' },
          include: probeIdList,
          exclude: probeIdList,
          probes: { type: 'object', additionalProperties: probeSettingsSchema, description: 'a map of probe id to {interval, timeout}' },
          stateChange: {
            type: 'object',
            additionalProperties: false,
            required: ['username'],
            properties: {
              enabled: { type: 'boolean' },
              ...credentialsProperties,
              interval: scheduleSchema,
              timeout: durationSchema,
              settleTimeout: durationSchema,
              pollInterval: durationSchema,
            },
          },
          syntheticCall: syntheticCallSchema({ credentials: credentialsProperties, schedule: scheduleSchema, duration: durationSchema }),
          contactCenterId: CONTACT_CENTER_ID_SCHEMA,
          syntheticChat: syntheticChatSchema({ credentials: credentialsProperties, schedule: scheduleSchema, duration: durationSchema }),
          tls: TLS_SCHEMA,
        },
      },
    },
  },
} as const;

export interface RawCredentials {
  username?: string;
  passwordEnv?: string;
  passwordFile?: string;
}
export interface RawProbeSettings {
  interval?: string;
  timeout?: string;
}
export interface RawTarget extends RawCredentials {
  name: string;
  baseUrl: string;
  tls?: RawTls;
  admin?: RawCredentials;
  interval?: string;
  timeout?: string;
  maxBodyBytes?: number;
  include?: string[];
  exclude?: string[];
  probes?: Record<string, RawProbeSettings>;
  stateChange?: RawCredentials & RawProbeSettings & { enabled?: boolean; settleTimeout?: string; pollInterval?: string };
  syntheticCall?: RawSyntheticCall;
  contactCenterId?: string;
  syntheticChat?: RawSyntheticChat;
}
export interface RawConfig {
  listen?: string;
  strict?: boolean;
  resultsPages?: RawResultsPages;
  interval?: string;
  timeout?: string;
  maxBodyBytes?: number;
  probes?: Record<string, RawProbeSettings>;
  targets: RawTarget[];
}

let yamlModule: typeof Yaml | undefined;
// Required when a config file is first read: `gwscheck contract` loads this module and never does.
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

let compiled: ValidateFunction | undefined;
// Compiled when a config file is first checked: `gwscheck contract` loads this module and never does.
const configValidator = (): ValidateFunction => (compiled ??= createAjv({ verbose: true }).compile(CONFIG_SCHEMA));

/** `/targets/0/baseUrl` → `targets[0].baseUrl`: YAML users think in keys, not JSON pointers. */
export function keyPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out === '' ? '(top level)' : out;
}

const spacedKeyPath = (pointer: string): string => ` ${keyPath(pointer)}`;

function isInlinePassword(error: ErrorObject): boolean {
  return error.keyword === 'additionalProperties' && (error.params as { additionalProperty?: unknown }).additionalProperty === 'password';
}

/**
 * Every way `value` misses the schema, one line each, and the JSON pointers of the values that
 * are not interpreted further.
 */
export function schemaProblems(value: unknown, where: string): { readonly lines: string[]; readonly pointers: string[] } {
  const validate = configValidator();
  if (validate(value)) return { lines: [], pointers: [] };
  const errors = validate.errors ?? [];
  const passwords = errors.filter(isInlinePassword).map(
    (e) => `${where} ${keyPath(`${e.instancePath}/password`)} is not allowed: passwords never go inline (expected passwordEnv or passwordFile)`,
  );
  const lines = [...passwords, ...formatAjvErrors(errors.filter((e) => !isInlinePassword(e)), where, spacedKeyPath)];
  // An unknown key leaves the rest of its object readable (but for an inline password: its
  // credentials would only add a second line about the same mistake); anything else does not.
  const pointers = errors.filter((e) => e.keyword !== 'additionalProperties' || isInlinePassword(e)).map((e) => e.instancePath);
  return { lines, pointers };
}

/** An alias that expands to millions of nodes is refused, not followed. */
const MAX_ALIAS_COUNT = 100;

/** The YAML of `--config FILE`; one ConfigError when it cannot be read or parsed. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`--config "${file}" cannot be read (${code}); expected a YAML file`);
  }
  try {
    return yaml().parse(text, { maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    if (error instanceof yaml().YAMLParseError) {
      const line = error.linePos?.[0].line;
      const first = error.message.split('\n')[0] ?? error.message;
      throw new ConfigError(`config ${file}:${line !== undefined ? ` line ${line}:` : ''} not valid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    // The yaml library throws a ReferenceError for an alias it cannot or will not expand.
    if (error instanceof ReferenceError) {
      const reason = /excessive alias count/i.test(error.message)
        ? `more alias expansions than maxAliasCount ${MAX_ALIAS_COUNT} allows (expected a file without alias bombs)`
        : (error.message.split('\n')[0] ?? error.message);
      throw new ConfigError(`config ${file}: not valid YAML: ${reason}`);
    }
    throw error;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

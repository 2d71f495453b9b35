import { readFileSync } from 'node:fs';
import { createAjv, formatAjvError, type ValidateFunction } from '../contracts/ajv.ts';
import { AGENT_STATES, CHANNEL_NAMES, ROLES, type Fixtures } from './types.ts';

/** A fixtures file or object that does not describe a valid simulator state. One line. */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
}

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const loggedInStates = AGENT_STATES.filter((s) => s !== 'LoggedOut');

const FIXTURES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    users: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'userName', 'password', 'firstName', 'lastName', 'roles'],
        properties: {
          id: { type: 'string', pattern: '^[0-9a-f]{32}$' },
          userName: { type: 'string', minLength: 1 },
          password: { type: 'string' },
          firstName: { type: 'string' },
          lastName: { type: 'string' },
          roles: { type: 'array', minItems: 1, items: { enum: [...ROLES] } },
          enabled: { type: 'boolean' },
          changePasswordOnFirstLogin: { type: 'boolean' },
          emailAddress: { type: 'string' },
          skills: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'level'],
              properties: { id: { type: 'string', pattern: UUID }, level: { type: 'integer', minimum: 0 } },
            },
          },
          device: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'phoneNumber'],
            properties: { id: { type: 'string', pattern: UUID }, phoneNumber: { type: 'string', minLength: 1 } },
          },
          channels: { type: 'array', uniqueItems: true, items: { enum: [...CHANNEL_NAMES] } },
          loggedIn: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(CHANNEL_NAMES.map((c) => [c, { enum: loggedInStates }])),
          },
        },
      },
    },
    skills: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: {
          id: { type: 'string', pattern: UUID },
          name: { type: 'string', minLength: 1 },
          description: { type: 'string' },
        },
      },
    },
    failingChannels: { type: 'array', uniqueItems: true, items: { enum: [...CHANNEL_NAMES] } },
  },
} as const;

// The first problem is reported: a fixtures file is fixed one line at a time, like its cross-references.
let compiledSchema: ValidateFunction<Fixtures> | undefined;
// Compiled when fixtures are first checked, not when a command that never starts a simulator loads this module.
const fixturesValidator = (): ValidateFunction<Fixtures> => (compiledSchema ??= createAjv({ allErrors: false }).compile<Fixtures>(FIXTURES_SCHEMA));
/** Fixture locations read as paths into the file: `fixtures/users/0/id`. */
const filePath = (pointer: string): string => pointer;

/** Checks fixtures against the schema and their cross-references; throws FixtureError with one line. */
export function validateFixtures(value: unknown): Fixtures {
  const validateSchema = fixturesValidator();
  if (!validateSchema(value)) {
    const first = validateSchema.errors?.[0];
    throw new FixtureError(first === undefined ? 'fixtures: invalid' : formatAjvError(first, 'fixtures', filePath));
  }
  const skillIds = new Set((value.skills ?? []).map((s) => s.id));
  const seenIds = new Set<string>();
  const seenNames = new Set<string>();
  const seenDevices = new Set<string>();
  value.users.forEach((user, i) => {
    const at = `fixtures/users/${i}`;
    if (seenIds.has(user.id)) throw new FixtureError(`${at}/id: duplicate user id "${user.id}"`);
    if (seenNames.has(user.userName)) throw new FixtureError(`${at}/userName: duplicate userName "${user.userName}"`);
    seenIds.add(user.id);
    seenNames.add(user.userName);
    if (user.device !== undefined) {
      if (seenDevices.has(user.device.id)) throw new FixtureError(`${at}/device/id: duplicate device id "${user.device.id}"`);
      seenDevices.add(user.device.id);
    }
    (user.skills ?? []).forEach((skill, j) => {
      if (!skillIds.has(skill.id)) throw new FixtureError(`${at}/skills/${j}/id: "${skill.id}" is not a skill listed in fixtures/skills`);
    });
    const channels = user.channels ?? (user.device === undefined ? ['chat', 'email'] : CHANNEL_NAMES);
    if (user.device === undefined && channels.includes('voice')) {
      throw new FixtureError(`${at}/channels: "voice" needs a device (add ${at}/device)`);
    }
    for (const channel of Object.keys(user.loggedIn ?? {})) {
      if (!(channels as readonly string[]).includes(channel)) {
        throw new FixtureError(`${at}/loggedIn/${channel}: channel "${channel}" is not in the user's channels`);
      }
    }
  });
  return value;
}

/** Reads and validates a fixtures JSON file. */
export function loadFixturesFile(file: string): Fixtures {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new FixtureError(`fixtures file "${file}" cannot be read (${code})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(`fixtures file "${file}" is not valid JSON (${(error as Error).message})`);
  }
  try {
    return validateFixtures(parsed);
  } catch (error) {
    throw new FixtureError(`fixtures file "${file}": ${(error as Error).message}`);
  }
}

import { describe, expect, it } from 'vitest';
import { FixtureError, validateFixtures } from './fixtures.ts';
import { DEFAULT_FIXTURES } from './seed.ts';

const base = { id: 'a'.repeat(32), userName: 'u', password: '', firstName: 'F', lastName: 'L', roles: ['ROLE_AGENT'] };

describe('validateFixtures', () => {
  it('accepts the default seed', () => {
    expect(validateFixtures(DEFAULT_FIXTURES)).toBe(DEFAULT_FIXTURES);
  });

  it.each([
    [{}, 'fixtures: missing key "users"'],
    [{ users: [base], colour: 1 }, 'fixtures: unknown key "colour"'],
    [{ users: [{ ...base, roles: ['ROLE_ADMINISTRATOR'] }] }, 'fixtures/users/0/roles/0: must be one of "ROLE_AGENT", "ROLE_SUPERVISOR", "ROLE_ADMIN"'],
    [{ users: [base, { ...base, userName: 'v' }] }, `fixtures/users/1/id: duplicate user id "${'a'.repeat(32)}"`],
    [{ users: [base, { ...base, id: 'b'.repeat(32) }] }, 'fixtures/users/1/userName: duplicate userName "u"'],
    [{ users: [{ ...base, channels: ['voice'] }] }, 'fixtures/users/0/channels: "voice" needs a device (add fixtures/users/0/device)'],
    [{ users: [{ ...base, channels: ['chat'], loggedIn: { email: 'Ready' } }] }, 'fixtures/users/0/loggedIn/email: channel "email" is not in the user\'s channels'],
    [{ users: [{ ...base, loggedIn: { chat: 'LoggedOut' } }] }, 'fixtures/users/0/loggedIn/chat: must be one of "Ready", "NotReady", "AfterCallWork", "AuxWork"'],
    [{ users: [base], failingChannels: ['fax'] }, 'fixtures/failingChannels/0: must be one of "voice", "chat", "email"'],
  ])('rejects %j with one line', (fixtures, message) => {
    expect(() => validateFixtures(fixtures)).toThrow(FixtureError);
    expect(() => validateFixtures(fixtures)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { channelMatches, maySubscribe } from './channels.ts';

describe('channelMatches', () => {
  it.each([
    ['/v2/me/devices', '/v2/me/devices', true],
    ['/v2/me/*', '/v2/me/devices', true],
    ['/v2/me/*', '/v2/me/devices/x', false],
    ['/v2/me/*', '/v2/me', false],
    ['/v2/me/**', '/v2/me/devices/x', true],
    ['/v2/**', '/v2/me/channels', true],
    ['/**', '/v2/me/devices', true],
    ['/*', '/v2/me/devices', false],
    ['/v2/me/calls', '/v2/me/devices', false],
    ['/v2/you/*', '/v2/me/devices', false],
  ])('%s covers %s: %s', (pattern, channel, expected) => {
    expect(channelMatches(pattern, channel)).toBe(expected);
  });
});

describe('maySubscribe', () => {
  it('keeps /v2/users for supervisors and administrators', () => {
    expect(maySubscribe('/v2/users', ['ROLE_AGENT'])).toBe(false);
    expect(maySubscribe('/v2/users/*', ['ROLE_AGENT'])).toBe(false);
    expect(maySubscribe('/v2/users', ['ROLE_AGENT', 'ROLE_SUPERVISOR'])).toBe(true);
    expect(maySubscribe('/v2/users/**', ['ROLE_ADMIN'])).toBe(true);
    expect(maySubscribe('/v2/users/**', ['ROLE_APIUSER'])).toBe(true);
    expect(maySubscribe('/v2/me/*', ['ROLE_AGENT'])).toBe(true);
    expect(maySubscribe('/v2/usersettings', ['ROLE_AGENT'])).toBe(true);
  });
});

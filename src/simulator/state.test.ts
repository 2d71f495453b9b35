import { describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES } from './seed.ts';
import { ContactCenter, deviceOf } from './state.ts';

const KSIPPO_ID = '63630bbebf4840d7a0bffd6312bc29ff';

describe('deviceOf', () => {
  it('offers the operation that changes each setting: DoNotDisturbOff while DND is on, ForwardCallsOff and forwardTo while forwarding', () => {
    const user = new ContactCenter(DEFAULT_FIXTURES).users.get(KSIPPO_ID);
    if (user?.device === undefined) throw new Error('ksippo has a device in the seed');
    const initial = deviceOf(user, 'http://x/api/v2');
    expect(initial).toMatchObject({ doNotDisturb: 'Off', capabilities: ['ForwardCallsOn', 'DoNotDisturbOn'] });
    expect(initial).not.toHaveProperty('forwardTo');
    user.device.doNotDisturb = 'On';
    user.device.forwardTo = '5001';
    expect(deviceOf(user, 'http://x/api/v2')).toMatchObject({ doNotDisturb: 'On', forwardTo: '5001', capabilities: ['ForwardCallsOff', 'DoNotDisturbOff'] });
  });

  it('answers nothing for a user without a device', () => {
    const admin = new ContactCenter(DEFAULT_FIXTURES).byName.get('admin');
    expect(admin === undefined ? 'missing' : deviceOf(admin, 'http://x')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { DeviceControl } from './calls/index.ts';
import { DEFAULT_FIXTURES } from './seed.ts';
import { ContactCenter, deviceOf } from './state.ts';

const KSIPPO_ID = '63630bbebf4840d7a0bffd6312bc29ff';

describe('deviceOf', () => {
  it('shows what device control owns: DND, forwardTo and the capabilities that change them', () => {
    const center = new ContactCenter(DEFAULT_FIXTURES);
    const user = center.users.get(KSIPPO_ID);
    const deviceId = user?.fixture.device?.id;
    if (user === undefined || deviceId === undefined) throw new Error('ksippo has a device in the seed');
    const initial = deviceOf(user, 'http://x/api/v2', center.calls.deviceControl(deviceId));
    expect(initial).toMatchObject({ doNotDisturb: 'Off', capabilities: ['DoNotDisturbOn', 'ForwardCallsOn'] });
    expect(initial).not.toHaveProperty('forwardTo');
    const control: DeviceControl = { deviceId, userId: KSIPPO_ID, doNotDisturb: 'On', forwardTo: '5001', capabilities: ['DoNotDisturbOff', 'ForwardCallsOff'] };
    expect(deviceOf(user, 'http://x/api/v2', control)).toMatchObject({ doNotDisturb: 'On', forwardTo: '5001', capabilities: ['DoNotDisturbOff', 'ForwardCallsOff'] });
  });

  it('answers nothing for a user without a device', () => {
    const center = new ContactCenter(DEFAULT_FIXTURES);
    const admin = center.byName.get('admin');
    expect(admin === undefined ? 'missing' : deviceOf(admin, 'http://x', undefined)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { StateAppliedEvent } from '../types.ts';
import { malformed, notificationsFor, withWrongState } from './messages.ts';

const READY = { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' };
const event: StateAppliedEvent = {
  userId: '63630bbebf4840d7a0bffd6312bc29ff',
  devices: [
    {
      id: '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01',
      deviceState: 'Active',
      userState: READY,
      phoneNumber: '5000',
      e164Number: '5000',
      telephonyNetwork: 'Private',
      doNotDisturb: 'Off',
      voiceEnvironmentUri: 'http://127.0.0.1:8090/api/v2/voice-environments/a7f3c2e1-5b4d-4c6a-9e8f-0d1c2b3a4f5e',
      capabilities: ['ForwardCallsOn'],
    },
  ],
  channels: [{ channel: 'voice', userState: READY }],
};

describe('notificationsFor', () => {
  it('makes a DeviceStateChangeMessage with the full devices and a channel message without messageType', () => {
    const [devices, channels] = notificationsFor(event);
    expect(devices).toEqual({ channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', devices: event.devices } });
    expect(channels).toEqual({ channel: '/v2/me/channels', data: { messageType: 'ChannelStateChangeMessageV2', channels: event.channels } });
  });

  it('makes nothing for an empty part', () => {
    expect(notificationsFor({ ...event, channels: [] }).map((n) => n.channel)).toEqual(['/v2/me/devices']);
    expect(notificationsFor({ ...event, devices: [] }).map((n) => n.channel)).toEqual(['/v2/me/channels']);
  });
});

describe('defective notifications', () => {
  it('withWrongState announces NotReady for Ready and Ready for anything else', () => {
    const [devices, channels] = notificationsFor(event).map(withWrongState);
    expect(devices?.data).toMatchObject({ devices: [{ userState: { state: 'NotReady', displayName: 'Not Ready' } }] });
    expect(channels?.data).toMatchObject({ channels: [{ userState: { state: 'NotReady' } }] });
    const back = withWrongState(devices ?? { channel: '', data: {} });
    expect(back.data).toMatchObject({ devices: [{ userState: { state: 'Ready' } }] });
  });

  it('malformed flattens userState to a string and leaves the original alone', () => {
    const [devices, channels] = notificationsFor(event).map(malformed);
    expect(devices?.data).toMatchObject({ devices: [{ userState: 'Ready' }] });
    expect(channels?.data).toMatchObject({ channels: [{ userState: 'Ready' }] });
    expect(event.devices[0]?.userState).toEqual(READY);
  });
});

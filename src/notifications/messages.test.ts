import { describe, expect, it } from 'vitest';
import { createNotificationSessionCounter } from './counter.ts';
import { deviceStates } from './messages.ts';

describe('deviceStates', () => {
  it('reads state and workMode of every device', () => {
    const message = {
      channel: '/v2/me/devices',
      data: {
        messageType: 'DeviceStateChangeMessage',
        devices: [
          { userState: { state: 'NotReady', workMode: 'AuxWork' } },
          { userState: { state: 'Ready' } },
        ],
      },
    };
    expect(deviceStates(message)).toEqual([{ state: 'NotReady', workMode: 'AuxWork' }, { state: 'Ready' }]);
  });

  it.each([null, 'x', {}, { data: {} }, { data: { devices: {} } }, { data: { devices: [{ userState: 'Ready' }] } }, { data: { devices: [{}] } }])(
    'is undefined for %j',
    (message) => {
      expect(deviceStates(message)).toBeUndefined();
    },
  );
});

describe('createNotificationSessionCounter', () => {
  it('counts open sessions and the leaked ones, reporting each change', () => {
    const seen: { open: number; leaked: number }[] = [];
    const counter = createNotificationSessionCounter({ onChange: (c) => seen.push({ ...c }) });
    counter.opened();
    counter.opened();
    counter.closed(true);
    counter.closed(false);
    expect(counter).toMatchObject({ open: 0, leaked: 1 });
    expect(seen).toEqual([
      { open: 1, leaked: 0 },
      { open: 2, leaked: 0 },
      { open: 1, leaked: 0 },
      { open: 0, leaked: 1 },
    ]);
  });
});

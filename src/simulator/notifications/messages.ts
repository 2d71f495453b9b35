import type { Channel, Device, StateAppliedEvent, UserState } from '../types.ts';
import { CHANNELS_CHANNEL, DEVICES_CHANNEL } from './channels.ts';

/** One notification before delivery: the Bayeux channel and the `data` GWS puts at its root [src: CALLMSG]. */
export interface Notification {
  readonly channel: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * The notifications an applied state change produces: DeviceStateChangeMessage with the full device
 * objects [src: NOTREADY, DEVRES] and ChannelStateChangeMessageV2 with the channel list on
 * /v2/me/channels [src: AgentStateControlNotReady/Ready/Offline 8.5.2].
 */
export function notificationsFor(event: StateAppliedEvent): Notification[] {
  const out: Notification[] = [];
  if (event.devices.length > 0) {
    out.push({ channel: DEVICES_CHANNEL, data: { messageType: 'DeviceStateChangeMessage', devices: event.devices } });
  }
  if (event.channels.length > 0) {
    out.push({ channel: CHANNELS_CHANNEL, data: { messageType: 'ChannelStateChangeMessageV2', channels: event.channels } });
  }
  return out;
}

const READY: UserState = { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' };
const NOT_READY: UserState = { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' };

/** A state other than the one applied: Ready becomes NotReady, anything else Ready. */
function otherState(userState: UserState): UserState {
  return userState.state === 'Ready' ? NOT_READY : READY;
}

/** The same notification announcing a state other than the one that took effect. */
export function withWrongState(notification: Notification): Notification {
  const data = notification.data;
  if (Array.isArray(data.devices)) {
    const devices = (data.devices as Device[]).map((d) => ({ ...d, userState: otherState(d.userState) }));
    return { channel: notification.channel, data: { ...data, devices } };
  }
  if (Array.isArray(data.channels)) {
    const channels = (data.channels as Channel[]).map((c) => ({ ...c, userState: otherState(c.userState) }));
    return { channel: notification.channel, data: { ...data, channels } };
  }
  return notification;
}

/**
 * The same notification with a plausible server bug: userState flattened to its state string,
 * which no client can read as the documented object.
 */
export function malformed(notification: Notification): Notification {
  const flatten = <T extends { userState: UserState }>(item: T) => ({ ...item, userState: item.userState.state });
  const data = notification.data;
  if (Array.isArray(data.devices)) {
    return { channel: notification.channel, data: { ...data, devices: (data.devices as Device[]).map(flatten) } };
  }
  if (Array.isArray(data.channels)) {
    return { channel: notification.channel, data: { ...data, channels: (data.channels as Channel[]).map(flatten) } };
  }
  return { channel: notification.channel, data: { ...data, messageType: 42 } };
}

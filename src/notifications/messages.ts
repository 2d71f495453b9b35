import { SCHEMA_BASE } from '../contracts/index.ts';

/** Device and agent-state changes, as DeviceStateChangeMessage [src: COMETD 8.5.2, NOTREADY]. */
export const DEVICES_CHANNEL = '/v2/me/devices';
/** Multimedia channel state [src: CHANNOTIF850]. */
export const CHANNELS_CHANNEL = '/v2/me/channels';

/** `$id`s of the notification schemas under `schemas/notifications/`. */
export const NOTIFICATION_SCHEMA_IDS = {
  message: `${SCHEMA_BASE}notifications/message.json`,
  deviceStateChange: `${SCHEMA_BASE}notifications/device-state-change.json`,
  channelsStateChange: `${SCHEMA_BASE}notifications/channels-state-change.json`,
  chatStateChange: `${SCHEMA_BASE}notifications/chat-state-change.json`,
  messageLogUpdated: `${SCHEMA_BASE}notifications/message-log-updated.json`,
} as const;

/**
 * The userState of every device in a DeviceStateChangeMessage, or undefined when the message
 * does not have that shape (the schema check says why).
 */
export function deviceStates(message: unknown): { readonly state: string; readonly workMode?: string }[] | undefined {
  const data = (message as { data?: { devices?: unknown } } | null)?.data;
  if (!Array.isArray(data?.devices)) return undefined;
  const states: { state: string; workMode?: string }[] = [];
  for (const device of data.devices as unknown[]) {
    const userState = (device as { userState?: unknown } | null)?.userState as { state?: unknown; workMode?: unknown } | undefined;
    if (typeof userState?.state !== 'string') return undefined;
    states.push(typeof userState.workMode === 'string' ? { state: userState.state, workMode: userState.workMode } : { state: userState.state });
  }
  return states;
}

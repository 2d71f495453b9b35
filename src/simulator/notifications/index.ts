/** The simulator's CometD (Bayeux) endpoint at `<api root>/notifications`. */
export {
  createNotificationEndpoint,
  NOTIFICATION_DEFECT_MODES,
  NOTIFICATION_FAULT_TYPES,
  type NotificationAuthenticator,
  type NotificationDefect,
  type NotificationEndpoint,
  type NotificationEndpointOptions,
  type NotificationFault,
  type NotificationFaultType,
  type NotificationIdentity,
} from './endpoint.ts';
export { CHANNELS_CHANNEL, DEVICES_CHANNEL, channelMatches } from './channels.ts';

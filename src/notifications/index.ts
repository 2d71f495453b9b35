/** GWS CometD notifications, client side: sessions for the gate and the prober. */
export {
  openNotificationSession,
  type NotificationAuth,
  type NotificationSession,
  type OpenFailure,
  type ReceivedNotification,
} from './session.ts';
export { createNotificationSessionCounter, type NotificationSessionCounter } from './counter.ts';
export { createNotificationStateObserver, type AgentStateWaiter } from './observer.ts';
export { DEVICES_CHANNEL, NOTIFICATION_SCHEMA_IDS, deviceStates } from './messages.ts';

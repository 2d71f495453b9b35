/** GWS CometD notifications, client side: sessions for the gate and the prober. */
export {
  openNotificationSession,
  withNotificationSession,
  notificationUrl,
  type HandshakeFailure,
  type NotificationAuth,
  type NotificationOptions,
  type NotificationSession,
  type OpenFailure,
  type OpenResult,
  type ReceivedNotification,
  type SubscribeResult,
  type WaitOptions,
  type WaitResult,
} from './session.ts';
export { createNotificationSessionCounter, type NotificationSessionCounter, type SessionCounterHooks } from './counter.ts';
export {
  createNotificationStateObserver,
  type AgentStateWaiter,
  type NotificationObserverOptions,
  type NotificationStateObserver,
} from './observer.ts';
export {
  CHANNELS_CHANNEL,
  DEVICES_CHANNEL,
  NOTIFICATION_SCHEMA_IDS,
  deviceStates,
} from './messages.ts';

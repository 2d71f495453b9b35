import { createCallModel, renderCallMessage, type CallDefect, type CallModel, type CallModelEvent, type Line } from './calls/index.ts';
import type { Notification } from './notifications/messages.ts';
import { deviceOf, type ContactCenter } from './state.ts';
import type { StateAppliedEvent } from './types.ts';

export interface CallWiringDeps {
  /** Delay before an accepted call or device operation takes effect (the simulator's asyncDelayMs). */
  readonly delayMs: number;
  /** Pending timers, so that reset and dispose drop them with the calls they belong to. */
  readonly timers: Set<NodeJS.Timeout>;
  /** The defects in force now. */
  defects(): ReadonlySet<string>;
  center(): ContactCenter;
  /** A device change took effect: DeviceStateChangeMessage on /v2/me/devices. */
  applied(event: StateAppliedEvent): void;
  /** CallStateChangeMessage or the Voice ErrorMessage for one user. */
  notify(userId: string, notification: Notification): void;
}

/**
 * Builds the call model of a contact center: its transitions run after the async delay, and its
 * events go out as CometD notifications, call URIs under the API root of the latest request.
 */
export function callModelFactory(deps: CallWiringDeps): (lines: readonly Line[], recording: boolean) => CallModel {
  const defer = (task: () => void): void => {
    const timer = setTimeout(() => {
      deps.timers.delete(timer);
      task();
    }, deps.delayMs);
    timer.unref();
    deps.timers.add(timer);
  };

  const publish = (event: CallModelEvent): void => {
    const center = deps.center();
    const user = center.users.get(event.userId);
    if (user === undefined) return;
    if (event.kind === 'device') {
      const device = deviceOf(user, center.apiRoot, event.device);
      if (device !== undefined) deps.applied({ userId: event.userId, devices: [device], channels: [] });
      return;
    }
    deps.notify(event.userId, renderCallMessage(event, center.apiRoot, user.fixture.device?.phoneNumber ?? ''));
  };

  return (lines, recording) => createCallModel({
    lines,
    recording,
    clock: Date,
    scheduler: { defer },
    publish,
    defects: { has: (defect: CallDefect) => deps.defects().has(defect) },
  });
}

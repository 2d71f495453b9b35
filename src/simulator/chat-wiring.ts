import { chatNotificationDefects } from './chat-defects.ts';
import { createChatModel, renderChatNotification, type ChatDefectSet, type ChatModel, type ReferenceCounter, type Roster, type Scheduler } from './interactions/index.ts';
import type { Notification } from './notifications/messages.ts';
import type { ContactCenter } from './state.ts';

export interface ChatWiringDeps {
  /** Runs a chat transition after the simulator's async delay, as every operation's. */
  readonly scheduler: Scheduler;
  /** The per-user referenceId sequence every medium shares. */
  readonly references: ReferenceCounter;
  /** The defects in force now. */
  defects(): ChatDefectSet;
  center(): ContactCenter;
  /** ChatStateChangeMessage or MessageLogUpdated for one user. */
  notify(userId: string, notification: Notification): void;
}

/**
 * Builds the chat model of a contact center: its transitions run through the simulator's
 * scheduler, and its events go out as CometD notifications on /v2/me/chats, chat URIs under the
 * API root of the latest request.
 */
export function chatModelFactory(deps: ChatWiringDeps): (roster: Roster) => ChatModel {
  const broken = chatNotificationDefects(() => deps.defects());
  return (roster) => createChatModel({
    roster,
    clock: Date,
    scheduler: deps.scheduler,
    references: deps.references,
    publish: (published) => deps.notify(published.userId, broken(published.userId, renderChatNotification(published, deps.center().apiRoot))),
    defects: { has: (defect) => deps.defects().has(defect) },
  });
}

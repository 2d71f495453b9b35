import { createEmailModel, createOpenmediaModel, renderEmailNotification, renderOpenmediaNotification, type EmailModel, type EmailRoster, type OpenmediaModel, type ReferenceCounter, type Scheduler } from './interactions/index.ts';
import type { Notification } from './notifications/messages.ts';
import type { ContactCenter } from './state.ts';
import type { DefectMode } from './types.ts';

export interface MultimediaWiringDeps {
  /** Runs a transition after the simulator's async delay, as every operation's. */
  readonly scheduler: Scheduler;
  /** The per-user referenceId sequence every medium shares. */
  readonly references: ReferenceCounter;
  /** The defects in force now. */
  defects(): ReadonlySet<DefectMode>;
  center(): ContactCenter;
  notify(userId: string, notification: Notification): void;
}

/**
 * Where `email-notification-wrong-topic` publishes email notifications: the topic the EmailAccept
 * page names, which the EmailMessageType page contradicts [src: EmailAccept latest, EmailMessageType latest].
 */
const WRONG_EMAIL_TOPIC = '/v2/me/interactions';

/**
 * Builds the email and open-media models of a contact center: transitions through the simulator's
 * scheduler, events out as CometD notifications on /v2/me/emails and /v2/me/openmedia, URIs under
 * the API root of the latest request; the defects asked at each use.
 */
export function multimediaModelFactories(deps: MultimediaWiringDeps): { emails: (roster: EmailRoster) => EmailModel; openmedia: (isUser: (userId: string) => boolean) => OpenmediaModel } {
  const has = { has: (defect: DefectMode) => deps.defects().has(defect) };
  return {
    emails: (roster) => createEmailModel({
      roster,
      scheduler: deps.scheduler,
      references: deps.references,
      defects: has,
      publish: (published) => {
        const message = renderEmailNotification(published, deps.center().apiRoot, has.has('email-to-not-list'));
        deps.notify(published.userId, has.has('email-notification-wrong-topic') ? { ...message, channel: WRONG_EMAIL_TOPIC } : message);
      },
    }),
    openmedia: (isUser) => createOpenmediaModel({
      isUser,
      scheduler: deps.scheduler,
      references: deps.references,
      defects: has,
      publish: (published) => deps.notify(published.userId, renderOpenmediaNotification(published, deps.center().apiRoot)),
    }),
  };
}

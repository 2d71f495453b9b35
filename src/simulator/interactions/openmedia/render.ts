import type { Published } from '../types.ts';
import type { OpenmediaEvent, OpenmediaView } from './model.ts';

/** The topic of every open-media notification [src: OpenMediaAPIMessageType latest]. */
export const OPENMEDIA_CHANNEL = '/v2/me/openmedia';

/** `2014-03-26 16:02:22.000+0200`, as the samples print receivedDate; UTC here. */
function receivedDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}+0000`;
}

/**
 * The open-media resource [src: OpenMediaAPIResource latest, OpenMediaAPIAccept 8.5.2]: the URI as
 * every sample prints it, under `/openmedia/` with the media type in the plural and no `/me/`
 * (`.../api/v2/openmedia/promotions/03W07R2K4VAYT010`).
 */
export function renderOpenmedia(view: OpenmediaView, root: string): Record<string, unknown> {
  return {
    id: view.id,
    state: view.state,
    mediaType: view.mediaType,
    openmediaType: view.openmediaType,
    uri: `${root.replace(/\/+$/, '')}/openmedia/${view.mediaType}s/${view.id}`,
    capabilities: [...view.capabilities],
    userData: { ...view.userData },
    ...(view.receivedAt === undefined ? {} : { receivedDate: receivedDate(view.receivedAt) }),
  };
}

/** OpenmediaStateChangeMessage with the data wrapper and the channel [src: OpenMediaAPIMessageType latest]. */
export function renderOpenmediaNotification(published: Published<OpenmediaEvent>, root: string): { channel: string; data: Record<string, unknown> } {
  const { event, referenceId } = published;
  return {
    channel: OPENMEDIA_CHANNEL,
    data: { messageType: 'OpenmediaStateChangeMessage', notificationType: event.notificationType, ...(referenceId === undefined ? {} : { referenceId }), openmedia: renderOpenmedia(event.item, root) },
  };
}

import { ALL_FIELDS, OPERATION, READ, READ_BY_ID, operation } from './catalog-entry.ts';
import { API_MULTIMEDIA } from './features.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { Operation, ParamSource } from './types.ts';

/**
 * Tag of the operations that address one email: they need an email of the agent first (one the
 * contract creates with POST /me/emails, Composing, which the catalog example fits), so a monitor
 * never probes them.
 */
export const NEEDS_EMAIL = 'needs-email';
/**
 * Tag of the operations that address one open-media item: they need an item of the agent first (one
 * the contract creates with POST /me/openmedia/{mediaType}, Processing, which the catalog example fits).
 */
export const NEEDS_OPENMEDIA = 'needs-openmedia';

/**
 * The media type the open-media examples address, fixed in `example.params` (no GWS read lists the
 * media types an agent has). The pages' samples use `promotion` [src: OpenMediaAPIAccept 8.5.2];
 * `workitem` is the media type of a plain GWS/eServices set-up, and the simulator serves both.
 */
export const EXAMPLE_MEDIA_TYPE = 'workitem';

/**
 * The queue the Create examples name: the queue URI of the pages' samples (EmailCreate 8.5.2 prints
 * it on port 8080, OpenMediaAPICreate 8.5.2 on 8090, the simulator's default port). No catalog read lists queues, so on a real server a contract that
 * creates an email or an item must name a queue of that server instead.
 */
export const EXAMPLE_QUEUE_URI = 'http://localhost:8090/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d';

// An email id exists only while an email does: the contract that needs one has an email offered
// or created first, then reads the agent's emails (GET /me/emails?fields=*) [src: EmailResource 8.5.2].
const FROM_MY_EMAILS: ParamSource = { operation: 'get-me-emails', pointer: '/emails/0/id', take: 'value' };
// Likewise an open-media id, from the agent's items of the example's media type [src: OpenMediaAPIResource latest].
const FROM_MY_OPENMEDIA: ParamSource = { operation: 'get-me-openmedia-mediatype', pointer: '/openmedia/0/id', take: 'value' };
// Every Email and Open Media API page: "Required Features: api-multimedia" [src: EmailCreate 8.5.2,
// OpenMediaAPICreate 8.5.2]; the resource pages, read by the GETs, name none [src: EmailResource 8.5.2].
const MULTIMEDIA = [API_MULTIMEDIA] as const;
const EMAIL_TAGS = ['email', 'multimedia'] as const;
const OPENMEDIA_TAGS = ['openmedia', 'multimedia'] as const;
// An operation may also name an email or item that does not exist (6); an unknown media type is 6 too.
const ITEM_OPERATION = [...OPERATION, 6] as const;
const MEDIA_TYPE = { mediaType: EXAMPLE_MEDIA_TYPE } as const;
const EXAMPLE_USER_DATA = { gwscheck: 'contract' } as const;

/** The CometD messages of the Email and Open Media APIs. */
export const EMAIL_NOTIFICATION_SCHEMAS: readonly string[] = Object.freeze(
  ['email-state-change', 'openmedia-state-change'].map((name) => `${SCHEMA_BASE}notifications/${name}.json`),
);

/**
 * Catalog entries of the Email API and of the Open Media API (the agent's side, `api-multimedia`),
 * in the order the gate runs them. The open-media entries fix `{mediaType}` in `example.params`
 * (`EXAMPLE_MEDIA_TYPE`); their `{id}` comes from the agent's items of that media type.
 */
export const EMAIL_CATALOG: readonly Operation[] = Object.freeze([
  operation({
    method: 'GET', path: '/me/emails', identity: 'user', statusCodes: READ, tags: EMAIL_TAGS, example: ALL_FIELDS,
    requiredFeatures: MULTIMEDIA,
    summary: 'the agent\'s emails [EmailResource 8.5.2]',
  }),
  operation({
    method: 'POST', path: '/me/emails', identity: 'user', statusCodes: OPERATION, tags: EMAIL_TAGS,
    requiredFeatures: MULTIMEDIA,
    summary: 'Create a new outbound email, announced in Composing [EmailCreate 8.5.2]',
    example: { body: { operationName: 'Create', queueUri: EXAMPLE_QUEUE_URI } },
  }),
  operation({
    method: 'POST', path: '/me/emails/{id}', identity: 'user', statusCodes: ITEM_OPERATION, tags: [...EMAIL_TAGS, NEEDS_EMAIL],
    requiredFeatures: MULTIMEDIA,
    summary: 'Accept, Reject, Reply, ReplyAll, Save, Send, Cancel, Complete, Transfer, user data, SetDisposition, AddAttachment [EmailAccept latest, EmailReject 8.5.2, EmailReply 8.5.2, EmailReplyAll 8.5.2, EmailSave 8.5.2, EmailSend latest, EmailCancel latest, EmailComplete latest, EmailTransfer 8.6.0, EmailAttachUserData latest, EmailDeleteUserData 8.5.2, EmailSetDisposition latest, EmailAddAttachment 8.5.2]',
    // Create is the one way a contract can make an email on any server (no GWS operation sends the
    // agent an inbound one), and a created email is Composing: the example is one it takes there.
    example: { body: { operationName: 'AttachUserData', userData: EXAMPLE_USER_DATA } },
    paramSources: { id: FROM_MY_EMAILS },
  }),
  operation({
    method: 'GET', path: '/me/openmedia/{mediaType}', identity: 'user', statusCodes: READ_BY_ID, tags: OPENMEDIA_TAGS,
    requiredFeatures: MULTIMEDIA,
    summary: 'the agent\'s open-media items of one media type [OpenMediaAPIResource latest]',
    example: { params: MEDIA_TYPE, query: { fields: '*' } },
  }),
  operation({
    method: 'POST', path: '/me/openmedia/{mediaType}', identity: 'user', statusCodes: ITEM_OPERATION, tags: OPENMEDIA_TAGS,
    requiredFeatures: MULTIMEDIA,
    summary: 'Create a new outbound open-media item, announced in Processing [OpenMediaAPICreate 8.5.2]',
    example: { params: MEDIA_TYPE, body: { operationName: 'Create', queueUri: EXAMPLE_QUEUE_URI } },
  }),
  operation({
    method: 'POST', path: '/me/openmedia/{mediaType}/{id}', identity: 'user', statusCodes: ITEM_OPERATION, tags: [...OPENMEDIA_TAGS, NEEDS_OPENMEDIA],
    requiredFeatures: MULTIMEDIA,
    summary: 'Accept, Reject, Transfer, Complete, user data [OpenMediaAPIAccept 8.5.2, OpenMediaAPIReject 8.5.2, OpenMediaAPITransfer latest, OpenMediaAPIAttachUD 8.5.2]',
    // As for email: a created item is Processing, and takes AttachUserData there.
    example: { params: MEDIA_TYPE, body: { operationName: 'AttachUserData', userData: EXAMPLE_USER_DATA } },
    paramSources: { id: FROM_MY_OPENMEDIA },
  }),
]);

/**
 * Emails and open-media items on the one interaction flow: a subscription to /v2/me/emails and
 * /v2/me/openmedia, items created or offered, operations whose outcome is the message the outcome
 * table names (matched by referenceId where the answer carries one) and a GET that agrees.
 */
import type { TestContext } from 'vitest';
import type { Operation } from '../../contracts/index.ts';
import { EMAIL_OUTCOMES, OPENMEDIA_OUTCOMES, outcomeOfRequest, type ExpectedOutcome } from '../../contracts/outcomes.ts';
import { deliverThroughSimulator } from './control.ts';
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import type { Exchange } from './http.ts';
import { asJson, expectOutcome, listOf, sendOperation, type InteractionFlow, type Json, type OutcomeCheck } from './interaction-flow.ts';
import { watchTopics } from './notifications.ts';

type Test = TestContext['task'];

/** EmailStateChangeMessage and OpenmediaStateChangeMessage arrive here [src: EmailMessageType latest, OpenMediaAPIMessageType latest]. */
export const EMAIL_TOPIC = '/v2/me/emails';
export const OPENMEDIA_TOPIC = '/v2/me/openmedia';

/** Reason used when a contract creates an email or open-media item, which takes a queue. */
export const NO_QUEUE_REASON = 'no queue URI (set GWS_QUEUE_URI or --queue-uri): Create puts the new email or open-media item in a queue [src: EmailCreate 8.5.2, OpenMediaAPICreate 8.5.2]';
/** Reason used when a contract works on open media, which takes a configured media type. */
export const NO_MEDIA_TYPE_REASON = 'no open-media type (set GWS_OPENMEDIA_TYPE or --openmedia-type): open media is addressed by a media type the server is configured with [src: OpenMediaAPICreate 8.5.2]';

/** The agent's side of emails and open media: a subscription to both topics opened before any operation. */
export async function openMultimediaFlow(gate: Gate, task: Test, operation: Operation): Promise<InteractionFlow> {
  const watching = await watchTopics(gate, [EMAIL_TOPIC, OPENMEDIA_TOPIC]);
  if (watching.kind === 'failed') gate.fail(task, operation, watching.violation);
  const session = watching.kind === 'watching' ? watching.session : undefined;
  return { gate, task, operation, sender: gate.user, session, close: async () => void (await session?.close()) };
}

/** One medium's collection and items: where they are read and operated on, and the key of the item in a message. */
interface Medium {
  /** `emails`, `openmedia`: the collection's key in GET answers and the item's key in messages is its singular. */
  readonly list: 'emails' | 'openmedia';
  readonly item: 'email' | 'openmedia';
  /** `/me/emails`, `/me/openmedia/{mediaType}`. */
  readonly path: string;
  readonly outcomes: Readonly<Record<string, ExpectedOutcome>>;
  /** States in which an item leaves the agent's list. */
  readonly finished: readonly string[];
}

const EMAILS: Medium = { list: 'emails', item: 'email', path: '/me/emails', outcomes: EMAIL_OUTCOMES, finished: ['Completed', 'Canceled'] };
const openmediaOf = (mediaType: string): Medium => ({
  list: 'openmedia', item: 'openmedia', path: `/me/openmedia/${encodeURIComponent(mediaType)}`, outcomes: OPENMEDIA_OUTCOMES, finished: ['Completed'],
});

/** The media type the target's open-media contracts use; undefined when none is configured. */
export const openmediaTypeOf = (gate: Gate): string | undefined => gate.context.target.openmediaType;

async function readItems(gate: Gate, medium: Medium): Promise<{ readonly exchange: Exchange; readonly items: readonly Json[] }> {
  const exchange = await gate.user.send({ method: 'GET', path: medium.path, query: { fields: '*' } });
  return { exchange, items: listOf(asJson(exchange.response.body)?.[medium.list]) };
}

/** The agent's emails as GET /me/emails?fields=* shows them [src: EmailResource 8.5.2]. */
export const readEmails = (gate: Gate): Promise<{ readonly exchange: Exchange; readonly items: readonly Json[] }> => readItems(gate, EMAILS);

/** The agent's open-media items of a media type [src: OpenMediaAPIResource latest]. */
export const readOpenmedia = (gate: Gate, mediaType: string): Promise<{ readonly exchange: Exchange; readonly items: readonly Json[] }> => readItems(gate, openmediaOf(mediaType));

/**
 * How an operation shows on one item: the item of the medium's message and the GET of its list. An
 * operation that makes a new item (Create, Reply, ReplyAll) is shown by an item none of `known`
 * names; an item that has left the agent's list reads as finished in the state the outcome names.
 */
function itemCheck(flow: InteractionFlow, medium: Medium, target: { readonly id: string } | { readonly known: ReadonlySet<string> }, body: Json): OutcomeCheck {
  const name = String(body['operationName']);
  const known = medium.outcomes[name];
  if (known === undefined) throw new Error(`no expected outcome for ${medium.item} operation ${name}`);
  const outcome = outcomeOfRequest(known, body);
  const value = outcome.shows === undefined || typeof outcome.shows.value !== 'string' ? null : outcome.shows.value;
  const ours = (item: Json | undefined): boolean => {
    if (item === undefined || typeof item['id'] !== 'string') return false;
    return 'id' in target ? item['id'] === target.id : !target.known.has(item['id']);
  };
  const what = 'id' in target ? `${name} on ${medium.item} ${target.id}` : `${name} (a new ${medium.item})`;
  return {
    outcome,
    what,
    value,
    item: (data) => {
      const item = asJson(data[medium.item]);
      return ours(item) ? item : undefined;
    },
    read: async () => {
      const { exchange, items } = await readItems(flow.gate, medium);
      const found = items.find(ours);
      if (found !== undefined || !('id' in target)) return { exchange, item: found };
      return { exchange, item: value !== null && medium.finished.includes(value) ? { id: target.id, state: value } : undefined };
    },
  };
}

/**
 * Sends an operation on an email and requires its outcome (EMAIL_OUTCOMES); the email as GET then
 * shows it. For Reply and ReplyAll, the new draft (its id differs from the one addressed).
 */
export async function operateEmail(flow: InteractionFlow, id: string, body: Json): Promise<Json | undefined> {
  const name = body['operationName'];
  const makesDraft = name === 'Reply' || name === 'ReplyAll';
  const known = makesDraft ? new Set((await readEmails(flow.gate)).items.map((e) => String(e['id']))) : undefined;
  const acked = await sendOperation(flow, { method: 'POST', path: `${EMAILS.path}/${encodeURIComponent(id)}`, body }, { withReference: true });
  return expectOutcome(flow, itemCheck(flow, EMAILS, known === undefined ? { id } : { known: new Set([...known, id]) }, body), acked.sentAt, acked.referenceId);
}

/**
 * Sends an operation on an open-media item and requires its outcome (OPENMEDIA_OUTCOMES); the
 * answer's referenceId, which every Open Media page prints, is the response schema's to require
 * [src: OpenMediaAPIAccept 8.5.2].
 */
export async function operateOpenmedia(flow: InteractionFlow, mediaType: string, id: string, body: Json): Promise<Json | undefined> {
  const medium = openmediaOf(mediaType);
  const acked = await sendOperation(flow, { method: 'POST', path: `${medium.path}/${encodeURIComponent(id)}`, body }, { withReference: true });
  return expectOutcome(flow, itemCheck(flow, medium, { id }, body), acked.sentAt, acked.referenceId);
}

/** Create on a medium's collection: the new item as GET shows it, or a failure naming what is missing. */
async function createItem(flow: InteractionFlow, medium: Medium, body: Json): Promise<string> {
  const { gate, task, operation } = flow;
  const known = new Set((await readItems(gate, medium)).items.map((i) => String(i['id'])));
  const acked = await sendOperation(flow, { method: 'POST', path: medium.path, body }, { withReference: true });
  const item = await expectOutcome(flow, itemCheck(flow, medium, { known }, body), acked.sentAt, acked.referenceId);
  const id = item?.['id'];
  if (typeof id !== 'string') return gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `Create on ${medium.path} was acknowledged, but no new ${medium.item} shows`));
  return id;
}

/** A new outbound email of the agent, Composing [src: EmailCreate 8.5.2]. Returns its id. */
export function createEmail(flow: InteractionFlow, queueUri: string): Promise<string> {
  return createItem(flow, EMAILS, { operationName: 'Create', queueUri });
}

/** A new outbound open-media item of the agent, Processing [src: OpenMediaAPICreate 8.5.2]. Returns its id. */
export function createOpenmedia(flow: InteractionFlow, mediaType: string, queueUri: string): Promise<string> {
  return createItem(flow, openmediaOf(mediaType), { operationName: 'Create', queueUri });
}

/**
 * An inbound item offered to the agent through the simulator's control API
 * (`/__simulator/emails`, `/__simulator/openmedia`), its id under `idKey`; undefined when the target
 * has no such API. Once offered, the agent's list must show it.
 */
async function deliverThroughControl(flow: InteractionFlow, medium: Medium, control: 'emails' | 'openmedia', idKey: string, request: Json): Promise<string | undefined> {
  const { gate, task, operation } = flow;
  const id = await deliverThroughSimulator(gate, control, idKey, { user: gate.context.target.user.username, ...request });
  if (id === undefined) return undefined;
  const deadlineMs = gate.context.asyncDeadlineMs;
  const seen = await eventually(() => readItems(gate, medium), (r) => r.items.some((i) => i['id'] === id), { deadlineMs });
  if (!seen.ok) gate.fail(task, operation, ruleViolation('status-code', `${medium.item}-offer`, `the agent's ${medium.list} do not list ${medium.item} ${id} ${deadlineMs} ms after it was offered to the agent`), seen.last.exchange);
  return id;
}

/**
 * An inbound email offered to the agent through the simulator's control API: no GWS API sends an
 * email [src: gws-api: "No GWS page shows a customer-side way to send an inbound email"]. Undefined
 * on a target without that API.
 */
export function deliverInboundEmail(flow: InteractionFlow, from: string): Promise<string | undefined> {
  return deliverThroughControl(flow, EMAILS, 'emails', 'emailId', { from, subject: 'gwscheck contract', body: 'Hello from gwscheck' });
}

/** An inbound open-media item offered to the agent through the simulator's control API; undefined on a target without it. */
export function deliverInboundOpenmedia(flow: InteractionFlow, mediaType: string): Promise<string | undefined> {
  return deliverThroughControl(flow, openmediaOf(mediaType), 'openmedia', 'openmediaId', { mediaType });
}

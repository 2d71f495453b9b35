import { createInteractionCore, createReferenceCounter, offeredOperations, type ReferenceCounter } from '../core.ts';
import { interactionIds } from '../ids.ts';
import { accept, isBody, optionalFlag, optionalText, refuse, requiredText, userDataOf, type Body, type Outcome, type Parsed } from '../requests.ts';
import type { Effect, Interaction, InteractionAnswer, MediumTable, OperationRule, Published, Scheduler } from '../types.ts';
import { userDataRules } from '../user-data.ts';

/** Open-media states: Invited, Processing, Completed [src: OpenMediaAPIResource latest, OpenMediaAPIAccept 8.5.2, OpenMediaAPIReject 8.5.2]. */
export const OPENMEDIA_STATES = ['Invited', 'Processing', 'Completed'] as const;
export type OpenmediaState = (typeof OPENMEDIA_STATES)[number];

/** The media types the simulated contact center is configured with; another in a path is not found. */
export const MEDIA_TYPES = ['workitem', 'promotion'] as const;

/** One open-media item, shared by every agent's view of it. */
export interface OpenmediaItem {
  readonly id: string;
  readonly mediaType: string;
  readonly openmediaType: 'Inbound' | 'Outbound';
  /** Milliseconds since the epoch; shown on inbound items [src: OpenMediaAPIAccept 8.5.2: receivedDate]. */
  readonly receivedAt?: number;
}

export interface OpenmediaView extends OpenmediaItem {
  readonly state: OpenmediaState;
  readonly capabilities: readonly string[];
  readonly userData: Readonly<Record<string, unknown>>;
}

/** OpenmediaStateChangeMessage of a notificationType [src: OpenMediaAPIMessageType latest]. */
export interface OpenmediaEvent {
  readonly notificationType: string;
  readonly item: OpenmediaView;
}

export const OPENMEDIA_DEFECTS = ['openmedia-ack-without-reference', 'openmedia-complete-ignored'] as const;
export type OpenmediaDefect = (typeof OPENMEDIA_DEFECTS)[number];

export interface OpenmediaDefectSet {
  has(defect: OpenmediaDefect): boolean;
}

type Item = Interaction<OpenmediaState, OpenmediaItem>;
type Rule = OperationRule<OpenmediaState, OpenmediaItem, OpenmediaEvent>;

export interface OpenmediaModelOptions {
  /** Whether a user id names a user of the contact center (a Transfer target). */
  readonly isUser: (userId: string) => boolean;
  readonly scheduler: Scheduler;
  readonly publish: (published: Published<OpenmediaEvent>) => void;
  readonly references?: ReferenceCounter;
  readonly defects?: OpenmediaDefectSet;
  readonly clock?: { now(): number };
}

export interface OpenmediaModel {
  /** `POST /me/openmedia/{mediaType}` Create [src: OpenMediaAPICreate 8.5.2]. */
  create(userId: string, mediaType: string, body: unknown): InteractionAnswer;
  /** `POST /me/openmedia/{mediaType}/{id}`. */
  operate(userId: string, mediaType: string, id: string, body: unknown): InteractionAnswer;
  /** An inbound item offered to `userId` (the control API). Returns its id. */
  deliver(userId: string, mediaType: string, userData?: Readonly<Record<string, unknown>>): string;
  /** The agent's items of a media type that are not Completed (`GET /me/openmedia/{mediaType}`). */
  items(userId: string, mediaType: string): OpenmediaView[];
  all(): { id: string; mediaType: string; agents: { userId: string; state: string }[] }[];
}

const prepared = (apply: Effect<OpenmediaState, OpenmediaItem, OpenmediaEvent>): Parsed<Effect<OpenmediaState, OpenmediaItem, OpenmediaEvent>> => accept(apply);
const nothing = (): void => undefined;

function viewOf(table: MediumTable<OpenmediaState, OpenmediaItem, OpenmediaEvent>, item: Item): OpenmediaView {
  return { ...item.detail, state: item.state, capabilities: offeredOperations(table, item), userData: { ...item.userData } };
}

export const unknownMediaType = (mediaType: string): Outcome => ({ statusCode: 6, statusMessage: `media type ${JSON.stringify(mediaType)} is not configured (known: ${MEDIA_TYPES.join(', ')})` });

/**
 * Open media on the interaction core: items an agent creates (Processing at once [src:
 * OpenMediaAPICreate 8.5.2]) or is offered (Invited), Accept, Reject, Transfer, Complete and user
 * data; every answer carries the referenceId its notification repeats [src: OpenMediaAPIAccept 8.5.2].
 */
export function createOpenmediaModel(options: OpenmediaModelOptions): OpenmediaModel {
  const references = options.references ?? createReferenceCounter();
  const clock = options.clock ?? Date;
  const itemId = interactionIds('03W0GH2K');
  const items = new Map<string, OpenmediaItem>();
  const defects = options.defects ?? { has: () => false };

  const rule = (validIn: readonly OpenmediaState[], leadsTo: OpenmediaState | undefined, prepare: Rule['prepare']): Rule => ({
    validIn, ...(leadsTo === undefined ? {} : { leadsTo }), answerShowsReference: true, prepare,
  });
  const saveLAR = (body: Body): Parsed<Effect<OpenmediaState, OpenmediaItem, OpenmediaEvent>> => {
    const flag = optionalFlag(body, 'saveLAR');
    return flag.ok ? prepared(nothing) : flag;
  };
  const table: MediumTable<OpenmediaState, OpenmediaItem, OpenmediaEvent> = {
    noun: 'open-media item',
    states: OPENMEDIA_STATES,
    finished: ['Completed'],
    changed: (item, notificationType) => ({ notificationType, item: viewOf(table, item) }),
    // The capabilities of a Processing item, in the order the samples print them [src: OpenMediaAPIAccept 8.5.2].
    operations: {
      Accept: rule(['Invited'], 'Processing', saveLAR),
      Reject: rule(['Invited'], 'Completed', () => prepared(nothing)),
      // To a user (`.../users/<id>`), offered there; to anything else (a queue, a contact), it leaves the agent [src: OpenMediaAPITransfer latest].
      Transfer: rule(['Processing'], 'Completed', (body) => {
        const target = requiredText(body, 'targetUri');
        if (!target.ok) return target;
        const match = /\/users\/([^/]+)\/*$/.exec(target.command);
        if (match !== null && !options.isUser(match[1] ?? '')) return refuse(6, `no user at ${target.command}`);
        const to = match?.[1];
        return prepared((item) => {
          if (to !== undefined && to !== item.userId) offer(item.detail, to, item.userData);
        });
      }),
      ...Object.fromEntries(Object.entries(userDataRules<OpenmediaState, OpenmediaItem, OpenmediaEvent>(
        { validIn: ['Processing'], notificationType: 'PropertiesUpdated', dispositionKey: 'DispositionCode' },
        (item, notificationType) => table.changed(item, notificationType),
      )).filter(([name]) => name !== 'SetDisposition').map(([name, r]) => [name, { ...r, answerShowsReference: true }])),
      Complete: rule(['Processing'], 'Completed', () => prepared(nothing)),
    },
  };
  const core = createInteractionCore({ table, scheduler: options.scheduler, references, publish: options.publish, dropped: (name) => name === 'Complete' && defects.has('openmedia-complete-ignored') });

  function offer(item: OpenmediaItem, userId: string, userData: Record<string, unknown>): void {
    core.announce(core.open({ id: item.id, userId, state: 'Invited', userData, detail: item }), 'StatusChange');
  }
  const known = (mediaType: string): boolean => (MEDIA_TYPES as readonly string[]).includes(mediaType);
  // With `openmedia-ack-without-reference` the answer leaves the referenceId out.
  const answered = (answer: InteractionAnswer): InteractionAnswer => ('referenceId' in answer && defects.has('openmedia-ack-without-reference') ? { statusCode: 0 } : answer);

  return {
    create(userId, mediaType, body) {
      if (!known(mediaType)) return unknownMediaType(mediaType);
      if (!isBody(body) || body['operationName'] === undefined) return { statusCode: 1, statusMessage: 'operationName is missing' };
      if (body['operationName'] !== 'Create') return { statusCode: 2, statusMessage: `unknown operationName ${JSON.stringify(body['operationName'])} (expected Create)` };
      const queue = requiredText(body, 'queueUri');
      if (!queue.ok) return queue.outcome;
      const parent = optionalText(body, 'parentId');
      if (!parent.ok) return parent.outcome;
      const userData = body['userData'] === undefined ? accept({}) : userDataOf(body['userData']);
      if (!userData.ok) return userData.outcome;
      const referenceId = references.next(userId);
      options.scheduler.defer(() => {
        const item: OpenmediaItem = { id: itemId(), mediaType, openmediaType: 'Outbound' };
        items.set(item.id, item);
        const opened = core.open({ id: item.id, userId, state: 'Processing', userData: { ...userData.command }, detail: item });
        options.publish({ userId, event: table.changed(opened, 'StatusChange'), referenceId });
      });
      return answered({ statusCode: 0, referenceId });
    },
    operate(userId, mediaType, id, body) {
      if (!known(mediaType)) return unknownMediaType(mediaType);
      const item = core.get(userId, id);
      if (item !== undefined && item.detail.mediaType !== mediaType) return { statusCode: 6, statusMessage: `open-media item ${id} is not of media type ${mediaType}` };
      return answered(core.operate(userId, id, body));
    },
    deliver(userId, mediaType, userData = {}) {
      const item: OpenmediaItem = { id: itemId(), mediaType, openmediaType: 'Inbound', receivedAt: clock.now() };
      items.set(item.id, item);
      options.scheduler.defer(() => offer(item, userId, { ...userData }));
      return item.id;
    },
    items: (userId, mediaType) => core.owned(userId).filter((item) => item.detail.mediaType === mediaType).map((item) => viewOf(table, item)),
    all: () => [...items.values()].map((item) => ({ id: item.id, mediaType: item.mediaType, agents: core.views(item.id).map((v) => ({ userId: v.userId, state: v.state })) })),
  };
}

/**
 * The vocabulary of the interaction core. GWS treats calls, chats, emails and open-media items
 * alike: an interaction has a state, capabilities that follow the state, userData, a disposition,
 * and a notification reporting each outcome, matched to its request by `referenceId`
 * [src: ChatMessageType 8.5.2 (data.referenceId), EmailMessageType, OpenMediaAPIAccept]. A medium
 * is a table of its operations; the core runs every table the same way.
 */
import type { Body, Outcome, Parsed } from './requests.ts';

/** One interaction as its owner (an agent) sees it. Several owners may see one interaction id. */
export interface Interaction<S extends string, D> {
  readonly id: string;
  readonly userId: string;
  /** What GETs and capabilities show: the state the last applied operation left. */
  state: S;
  /** What operations already accepted lead to; the next operation is judged against it. */
  projected: S;
  /** Attached data; shared by reference between the owners of one interaction. */
  readonly userData: Record<string, unknown>;
  /** What the medium keeps beside the state (a chat's transcript and participants). */
  readonly detail: D;
}

/** What an operation's effect may do when it applies, besides the state change. */
export interface ApplyContext<S extends string, D, E> {
  /** Publishes an event to the interaction's owner; the first event of an operation carries its referenceId. */
  publish(event: E): void;
  /** Moves another interaction (another owner's, or one this operation made) to a state, announced. */
  transition(interaction: Interaction<S, D>, state: S): void;
}

/** An accepted operation, ready to apply: its parameters already checked. */
export type Effect<S extends string, D, E> = (interaction: Interaction<S, D>, context: ApplyContext<S, D, E>) => void;

/** One operation of a medium: where it is valid, where it leads, what it does. */
export interface OperationRule<S extends string, D, E> {
  /** States the operation is valid in; an interaction in one of them offers it as a capability. */
  readonly validIn: readonly S[];
  /** The state it leads to (announced as a state change); absent: the state stays. */
  readonly leadsTo?: S;
  /** Besides the state: whether the interaction offers it now (e.g. only with a second agent). */
  readonly offered?: (interaction: Interaction<S, D>) => boolean;
  /**
   * The documented pages of this operation print the referenceId in its answer
   * (`{"statusCode":0,"referenceId":6}` [src: OpenMediaAPIAccept]); otherwise the answer is `{"statusCode":0}`.
   */
  readonly answerShowsReference?: boolean;
  /** Checks the parameters now (1 missing, 10 malformed, 2 not valid) and returns what applying does. */
  readonly prepare: (body: Body, interaction: Interaction<S, D>) => Parsed<Effect<S, D, E>>;
}

/** A medium: its states, its operations, and how a changed interaction is announced. */
export interface MediumTable<S extends string, D, E> {
  /** The medium's name in messages: "chat", "email". */
  readonly noun: string;
  readonly states: readonly S[];
  /** Operations by operationName, in the order capabilities list them. */
  readonly operations: Readonly<Record<string, OperationRule<S, D, E>>>;
  /** The event announcing an interaction after a change (e.g. ChatStateChangeMessage of that notificationType). */
  changed(interaction: Interaction<S, D>, notificationType: string): E;
  /** A state after which the interaction no longer counts as the owner's (left out of GET lists). */
  readonly finished: readonly S[];
}

/** An event for one user, stamped with the referenceId of the operation that caused it. */
export interface Published<E> {
  readonly userId: string;
  readonly event: E;
  readonly referenceId?: number;
}

/** The answer of an accepted operation: `{"statusCode":0}`, with the referenceId where the pages show one. */
export type InteractionAnswer = Outcome | { readonly statusCode: 0; readonly referenceId: number };

/** Runs a transition later, after the simulator's configured delay; the core has no timers. */
export interface Scheduler {
  defer(task: () => void): void;
}

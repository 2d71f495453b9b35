import { accept, operationName, refuse, type Parsed } from './requests.ts';
import type { ApplyContext, Effect, Interaction, InteractionAnswer, MediumTable, OperationRule, Published, Scheduler } from './types.ts';

/**
 * One referenceId sequence per user, shared by every medium: each accepted operation takes the
 * next number, its first notification repeats it [src: ChatMessageType 8.5.2, data.referenceId:
 * "used to link the notification to the original request that created it"].
 */
export interface ReferenceCounter {
  next(userId: string): number;
}

export function createReferenceCounter(): ReferenceCounter {
  const last = new Map<string, number>();
  return {
    next(userId) {
      const value = (last.get(userId) ?? 0) + 1;
      last.set(userId, value);
      return value;
    },
  };
}

export interface InteractionCoreOptions<S extends string, D, E> {
  readonly table: MediumTable<S, D, E>;
  readonly scheduler: Scheduler;
  readonly publish: (published: Published<E>) => void;
  readonly references: ReferenceCounter;
  /** Finished interactions kept readable (an operation on one is refused with 2, not 6); the oldest go first. */
  readonly finishedKept?: number;
  /**
   * Operations a broken server acknowledges and then never applies (the simulator's defects); asked
   * at each operation. Default: none.
   */
  readonly dropped?: (operationName: string) => boolean;
}

export interface InteractionCore<S extends string, D> {
  /** A new interaction of `userId` in `state`; announced by whoever opens it. */
  open(init: { readonly id: string; readonly userId: string; readonly state: S; readonly userData: Record<string, unknown>; readonly detail: D }): Interaction<S, D>;
  /** `POST .../{id}` with an operationName: answered now, applied through the scheduler. */
  operate(userId: string, id: string, body: unknown): InteractionAnswer;
  /** One interaction of the user, finished ones included. */
  get(userId: string, id: string): Interaction<S, D> | undefined;
  /** The user's interactions, oldest first: those not finished, or every one kept (`withFinished`). */
  owned(userId: string, withFinished?: boolean): Interaction<S, D>[];
  /** Every owner's view of one interaction id. */
  views(id: string): Interaction<S, D>[];
  /** The operations the interaction offers in its state [src: ChatMessageType: "capabilities ... valid for the current state"]. */
  capabilities(interaction: Interaction<S, D>): string[];
  /** Moves an interaction to a state now (a change nobody asked for by operation), announced as a StatusChange. */
  transition(interaction: Interaction<S, D>, state: S): void;
  /** Announces an interaction to its owner with this notificationType, without a referenceId. */
  announce(interaction: Interaction<S, D>, notificationType: string): void;
}

const key = (userId: string, id: string): string => `${userId}\u0000${id}`;

/** The operations a medium's interaction offers in a state: those valid in it, in the table's order. */
export function offeredOperations<S extends string, D, E>(table: MediumTable<S, D, E>, interaction: Interaction<S, D>, state: S = interaction.state): string[] {
  return Object.entries(table.operations)
    .filter(([, rule]) => rule.validIn.includes(state) && (rule.offered?.(interaction) ?? true))
    .map(([name]) => name);
}

/** What `operate` decided: the rule and its prepared effect, or the refusal. */
function decide<S extends string, D, E>(table: MediumTable<S, D, E>, interaction: Interaction<S, D>, body: unknown): Parsed<{ readonly name: string; readonly rule: OperationRule<S, D, E>; readonly effect: Effect<S, D, E> }> {
  const named = operationName(body, Object.keys(table.operations));
  if (!named.ok) return named;
  const rule = table.operations[named.command.name];
  if (rule === undefined) return refuse(2, `unknown operationName "${named.command.name}"`);
  // An operation the interaction does not offer in the state accepted operations lead to:
  // statusCode 2, "a parameter is not valid for the current state" [src: RV852 table].
  const now = offeredOperations(table, interaction, interaction.projected);
  if (!now.includes(named.command.name)) {
    return refuse(2, `${named.command.name} is not valid for ${/^[aeiou]/i.test(table.noun) ? 'an' : 'a'} ${table.noun} in state ${interaction.projected} (offered: ${now.join(', ') || 'none'})`);
  }
  const prepared = rule.prepare(named.command.body, interaction);
  return prepared.ok ? accept({ name: named.command.name, rule, effect: prepared.command }) : prepared;
}

/**
 * The interaction core: a medium's table run the same way for every medium. Pure: it answers an
 * operation at once (the ack or the refusal) and applies it through `scheduler`, publishing through
 * `publish`; each change is announced to the interaction's owner.
 */
export function createInteractionCore<S extends string, D, E>(options: InteractionCoreOptions<S, D, E>): InteractionCore<S, D> {
  const { table } = options;
  const interactions = new Map<string, Interaction<S, D>>();
  const finished: string[] = [];
  const kept = options.finishedKept ?? 200;

  const isFinished = (state: S): boolean => table.finished.includes(state);

  function setState(interaction: Interaction<S, D>, state: S): void {
    interaction.state = state;
    interaction.projected = state;
    if (!isFinished(state)) return;
    finished.push(key(interaction.userId, interaction.id));
    while (finished.length > kept) interactions.delete(finished.shift() ?? '');
  }

  const announce = (interaction: Interaction<S, D>, notificationType: string): void =>
    options.publish({ userId: interaction.userId, event: table.changed(interaction, notificationType) });

  function transition(interaction: Interaction<S, D>, state: S): void {
    if (interaction.state === state) return;
    setState(interaction, state);
    announce(interaction, 'StatusChange');
  }

  function apply(interaction: Interaction<S, D>, rule: OperationRule<S, D, E>, effect: Effect<S, D, E>, referenceId: number): void {
    let stamped = false;
    // The first notification an operation causes carries its referenceId [src: ChatAccept, ChatLeave samples].
    const publish = (event: E): void => {
      options.publish({ userId: interaction.userId, event, ...(stamped ? {} : { referenceId }) });
      stamped = true;
    };
    if (!rule.validIn.includes(interaction.state)) {
      // The state changed between the ack and the transition (the customer left, say): an
      // asynchronous failure [src: ChatMessageType, notificationType Error].
      publish(table.changed(interaction, 'Error'));
      return;
    }
    if (rule.leadsTo !== undefined && rule.leadsTo !== interaction.state) {
      setState(interaction, rule.leadsTo);
      publish(table.changed(interaction, 'StatusChange'));
    }
    const context: ApplyContext<S, D, E> = {
      publish,
      transition: (other, state) => {
        if (other !== interaction) return transition(other, state);
        if (other.state === state) return;
        setState(other, state);
        publish(table.changed(other, 'StatusChange'));
      },
    };
    effect(interaction, context);
  }

  return {
    open(init) {
      const interaction: Interaction<S, D> = { ...init, projected: init.state };
      const at = key(init.userId, init.id);
      // Offered again (a chat transferred back): the finished view it replaces is no longer queued for forgetting.
      const queued = finished.indexOf(at);
      if (queued >= 0) finished.splice(queued, 1);
      interactions.set(at, interaction);
      return interaction;
    },

    operate(userId, id, body) {
      const interaction = interactions.get(key(userId, id));
      if (interaction === undefined) return { statusCode: 6, statusMessage: `${table.noun} ${id} not found` };
      const decided = decide(table, interaction, body);
      if (!decided.ok) return decided.outcome;
      const { name, rule, effect } = decided.command;
      const referenceId = options.references.next(userId);
      const answer: InteractionAnswer = rule.answerShowsReference === true ? { statusCode: 0, referenceId } : { statusCode: 0 };
      if (options.dropped?.(name) === true) return answer;
      if (rule.leadsTo !== undefined) interaction.projected = rule.leadsTo;
      options.scheduler.defer(() => apply(interaction, rule, effect, referenceId));
      return answer;
    },

    get: (userId, id) => interactions.get(key(userId, id)),
    owned: (userId, withFinished = false) => [...interactions.values()].filter((i) => i.userId === userId && (withFinished || !isFinished(i.state))),
    views: (id) => [...interactions.values()].filter((i) => i.id === id),
    capabilities: (interaction) => offeredOperations(table, interaction),
    transition,
    announce,
  };
}

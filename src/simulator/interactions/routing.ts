/**
 * How an interaction that waits for an agent reaches one: offered to the agent named, else to the
 * first agent whose channel for the medium is Ready and who has not rejected it; with none, it waits
 * until an agent's channel changes [src: ChatReject, EmailReject: "presented to another agent"].
 */
export interface Router<T> {
  offer(item: T, target: { readonly to?: string; readonly except?: string }): void;
  /** Some agent's channel changed: every waiting item is offered again. */
  agentsChanged(): void;
  /** The item no longer waits (its customer left, it was completed elsewhere). */
  withdraw(item: T): void;
}

export interface RouterOptions<T> {
  /** Agents whose channel for the medium is Ready now, in a stable order. */
  ready(): readonly string[];
  /** Agents who rejected the item: it is never offered to them again. */
  rejectedBy(item: T): ReadonlySet<string>;
  /** Presents the item to the agent. */
  deliver(item: T, userId: string): void;
  /** A broken server that never offers anything (a defect); asked at each offer. Default: never. */
  stuck?(): boolean;
}

export function createRouter<T>(options: RouterOptions<T>): Router<T> {
  // Each waiting item keeps its target: an item transferred away from an agent is not offered back to them later.
  const waiting = new Map<T, { readonly to?: string; readonly except?: string }>();
  const offer: Router<T>['offer'] = (item, target) => {
    const rejected = options.rejectedBy(item);
    const to = target.to ?? options.ready().find((userId) => userId !== target.except && !rejected.has(userId));
    if (to === undefined || options.stuck?.() === true) {
      waiting.set(item, target);
      return;
    }
    waiting.delete(item);
    options.deliver(item, to);
  };
  return {
    offer,
    agentsChanged() {
      for (const [item, target] of [...waiting]) offer(item, target);
    },
    withdraw: (item) => void waiting.delete(item),
  };
}

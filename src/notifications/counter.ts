/** Open and leaked notification sessions, for the prober's gauges and counters. */
export interface NotificationSessionCounter {
  /** Sessions whose handshake succeeded and that are not closed yet. */
  readonly open: number;
  /** Sessions whose disconnect was not confirmed: the server may hold them until it expires them. */
  readonly leaked: number;
  opened(): void;
  closed(clean: boolean): void;
}

export interface SessionCounterHooks {
  /** Called after each change, with the new figures. */
  readonly onChange?: (counts: { readonly open: number; readonly leaked: number }) => void;
}

export function createNotificationSessionCounter(hooks: SessionCounterHooks = {}): NotificationSessionCounter {
  let open = 0;
  let leaked = 0;
  const changed = () => hooks.onChange?.({ open, leaked });
  return {
    get open() {
      return open;
    },
    get leaked() {
      return leaked;
    },
    opened() {
      open += 1;
      changed();
    },
    closed(clean) {
      open = Math.max(0, open - 1);
      if (!clean) leaked += 1;
      changed();
    },
  };
}

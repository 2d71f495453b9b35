/**
 * Configuration that is missing or malformed. Each problem is one line naming the bad value and
 * what was expected; the message holds them all, one per line.
 */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super(list.join('\n'));
    this.problems = Object.freeze(list);
  }
}

/**
 * Collects every configuration problem before any is reported: a user fixing a long file learns
 * of all its mistakes in one run.
 */
export class Problems {
  private readonly lines: string[] = [];

  /** Runs one check; a ConfigError it throws is recorded and `undefined` returned instead. */
  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.lines.push(...error.problems);
      return undefined;
    }
  }

  add(...lines: readonly string[]): void {
    this.lines.push(...lines);
  }

  get count(): number {
    return this.lines.length;
  }

  /** Throws one ConfigError holding every recorded problem, if there is any. */
  throwIfAny(): void {
    if (this.lines.length > 0) throw new ConfigError([...new Set(this.lines)]);
  }
}

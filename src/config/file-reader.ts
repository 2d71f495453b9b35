import type { Problems } from './errors.ts';
import type { ProbeSettings } from './prober.ts';
import type { RawProbeSettings } from './prober-schema.ts';
import { parseDuration, parseSchedule, type ProbeSchedule } from './values.ts';

/** The file's values, for one key path: each parse records its problem and yields a fallback. */
export class FileReader {
  constructor(
    readonly where: string,
    readonly problems: Problems,
    private readonly blocked: readonly string[],
  ) {}

  at(key: string): string {
    return `${this.where} ${key}`;
  }

  /** False when the schema already reported a problem at or under this JSON pointer. */
  usable(pointer: string): boolean {
    return !this.blocked.some((p) => p === pointer || p.startsWith(`${pointer}/`));
  }

  schedule(text: string | undefined, key: string, fallback: ProbeSchedule): ProbeSchedule {
    return text === undefined ? fallback : (this.problems.check(() => parseSchedule(text, this.at(key))) ?? fallback);
  }

  duration(text: string | undefined, key: string, fallback: number): number {
    return text === undefined ? fallback : (this.problems.check(() => parseDuration(text, this.at(key))) ?? fallback);
  }

  settings(raw: RawProbeSettings | undefined, key: string, fallback: ProbeSettings): ProbeSettings {
    return Object.freeze({
      schedule: this.schedule(raw?.interval, `${key}.interval`, fallback.schedule),
      timeoutMs: this.duration(raw?.timeout, `${key}.timeout`, fallback.timeoutMs),
    });
  }
}

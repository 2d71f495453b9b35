import type { Logger, LogFields, LogLevel } from './types.ts';

/** How log lines are written: `text` for people, `json` for a log pipeline. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  readonly format: LogFormat;
  /** Takes one whole line, without its newline. */
  readonly write: (line: string, level: LogLevel) => void;
  /** Epoch milliseconds (default Date.now). */
  readonly now?: () => number;
}

const RESERVED: ReadonlySet<string> = new Set(['time', 'level', 'msg']);

/** A text value that needs quotes to stay one field: empty, or holding a space, quote or `=`. */
function textValue(value: string | number | boolean): string {
  const text = String(value);
  return text === '' || /[\s"=\\]/.test(text) ? JSON.stringify(text) : text;
}

/**
 * The one log of the prober: one line per event, with the target and probe (and whatever else an
 * event carries) as fields. text: `2026-12-01T08:00:00.000Z warn probe failed target=gws-a
 * probe=get-me outcome=timeout`; json: `{"time":"…","level":"warn","msg":"probe failed",
 * "target":"gws-a","probe":"get-me","outcome":"timeout"}`. A message never holds a newline, so a
 * server's text cannot forge a line of its own.
 */
export function createLogger(options: LoggerOptions): Logger {
  const now = options.now ?? Date.now;
  const line = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    const time = new Date(now()).toISOString();
    const msg = message.replace(/[\r\n]+/g, ' ');
    // time, level and msg come first, as log readers expect, and no field can replace them.
    const defined = Object.entries(fields).filter(
      (entry): entry is [string, string | number | boolean] => entry[1] !== undefined && !RESERVED.has(entry[0]),
    );
    const text =
      options.format === 'json'
        ? JSON.stringify({ time, level, msg, ...Object.fromEntries(defined) })
        : [time, level, msg, ...defined.map(([name, value]) => `${name}=${textValue(value)}`)].join(' ');
    options.write(text, level);
  };
  return {
    info: (message, fields) => line('info', message, fields),
    warn: (message, fields) => line('warn', message, fields),
    error: (message, fields) => line('error', message, fields),
  };
}

/** `--log-format` checked: one of text, json. */
export function isLogFormat(value: string): value is LogFormat {
  return (LOG_FORMATS as readonly string[]).includes(value);
}

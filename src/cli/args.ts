import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `--retries -1` reads to parseArgs as a flag without its value; a value that starts with a dash
 * but names no option is the user's value, so it is joined to its flag (`--retries=-1`) and the
 * range check can name it.
 */
function joinDashedValues(args: readonly string[], options: Options): string[] {
  const known = new Set(Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]));
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    const option = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && next.startsWith('-') && !known.has(next.split('=')[0] ?? next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** One line for a parseArgs error, naming the flag or argument. */
function describeParseError(error: unknown, command: string): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const see = `(see gwscheck ${command} --help)`;
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined && /argument missing|ambiguous/.test(message)) {
    return `${flag} needs a value ${see}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /'([^']*)'/.exec(message)?.[1] ?? '';
    return `unexpected argument "${value}": gwscheck ${command} takes only options ${see}`;
  }
  const first = message.split('\n')[0] ?? message;
  return `${first.replace(/\. To specify a positional argument.*$/, '')} ${see}`;
}

/** Strict flags, no positionals; a malformed command line is a UsageError of one line. */
export function parseCommandLine<T extends Options>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: joinDashedValues(args, options), options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(describeParseError(error, command));
  }
}

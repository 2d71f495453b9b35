import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/index.ts';
import { EXIT, UnreachableError } from './exit-codes.ts';

export interface Command {
  readonly summary: string;
  readonly load: () => Promise<{ run(args: string[]): Promise<number> }>;
  /**
   * Whether an error thrown outside the command's own await chain (a timer, a cron callback) ends
   * the process as an internal error. Off for `contract`: vitest runs in this process and reports
   * a spec's stray error as a failed contract itself.
   */
  readonly guardsStrayErrors: boolean;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  contract: {
    summary: 'run the contract gate against GWS_BASE_URL (or the embedded simulator)',
    load: () => import('./commands/contract.ts'),
    guardsStrayErrors: false,
  },
  probe: {
    summary: 'probe GWS on a schedule and serve Prometheus metrics',
    load: () => import('./commands/probe.ts'),
    guardsStrayErrors: true,
  },
  simulate: {
    summary: 'run the GWS simulator',
    load: () => import('./commands/simulate.ts'),
    guardsStrayErrors: true,
  },
  openapi: {
    summary: 'write the OpenAPI 3.1 document of the REST API, generated from the contracts',
    load: () => import('./commands/openapi.ts'),
    guardsStrayErrors: true,
  },
  asyncapi: {
    summary: 'write the AsyncAPI 3.0 document of the CometD notifications, generated from the contracts',
    load: () => import('./commands/asyncapi.ts'),
    guardsStrayErrors: true,
  },
};

function usage(commands: Readonly<Record<string, Command>>): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'Usage: gwscheck <command> [options] [--debug]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `gwscheck help <command>` (or `gwscheck <command> --help`) for its options; `gwscheck --version` prints the version.',
    '--debug prints the stack of an internal error.',
    '',
    'Exit codes: 0 success, 1 a contract or probe failed, 2 usage or configuration error,',
    '3 target unreachable, 4 internal error (a fault in gwscheck itself),',
    '130/143 `contract` stopped by SIGINT/SIGTERM (the agent restored, the reports written).',
  ].join('\n');
}

/** The version in package.json: what `npm install` put on this machine. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

/** One line for a fault inside gwscheck; its stack only when asked for. */
function reportInternalError(name: string, error: unknown, debug: boolean): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`gwscheck ${name}: internal error: ${message.split('\n')[0] ?? message}${debug ? '' : ' (--debug prints the stack)'}`);
  if (debug && error instanceof Error && error.stack !== undefined) console.error(error.stack);
}

function guardStrayErrors(name: string, debug: boolean): void {
  const crash = (error: unknown): void => {
    reportInternalError(name, error, debug);
    process.exit(EXIT.internal);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}

/** Runs one command and turns its outcome into the exit code; `commands` is replaceable in tests. */
export async function main(argv: readonly string[], commands: Readonly<Record<string, Command>> = COMMANDS): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((arg) => arg !== '--debug');
  if (args[0] === '--version' || args[0] === '-v') {
    console.log(`gwscheck ${version()}`);
    return EXIT.ok;
  }
  // `gwscheck help contract` is `gwscheck contract --help`.
  const [name, ...rest] = args[0] === 'help' && args[1] !== undefined ? [args[1], '--help'] : args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands[name];
  if (command === undefined) {
    console.error(`gwscheck: unknown command "${name}" (expected one of: ${Object.keys(commands).join(', ')})`);
    return EXIT.usage;
  }
  if (command.guardsStrayErrors) guardStrayErrors(name, debug);
  try {
    const module = await command.load();
    // Help wins over every other flag, even malformed ones: it is what a confused user asks for.
    const wantsHelp = rest.includes('--help') || rest.includes('-h');
    return await module.run(wantsHelp ? ['--help'] : rest);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) console.error(`gwscheck ${name}: ${line}`);
      return EXIT.usage;
    }
    if (error instanceof UnreachableError) {
      console.error(`gwscheck ${name}: ${error.message}`);
      return EXIT.unreachable;
    }
    reportInternalError(name, error, debug);
    return EXIT.internal;
  }
}

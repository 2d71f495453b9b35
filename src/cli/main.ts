import { readFileSync } from 'node:fs';
import { EXIT, UnreachableError, UsageError } from './exit-codes.ts';

interface Command {
  readonly summary: string;
  readonly load: () => Promise<{ run(args: string[]): Promise<number> }>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  contract: {
    summary: 'run the contract gate against GWS_BASE_URL (or the embedded simulator)',
    load: () => import('./commands/contract.ts'),
  },
  probe: {
    summary: 'probe GWS on a schedule and serve Prometheus metrics',
    load: () => import('./commands/probe.ts'),
  },
  simulate: {
    summary: 'run the GWS simulator',
    load: () => import('./commands/simulate.ts'),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'Usage: gwscheck <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `gwscheck help <command>` (or `gwscheck <command> --help`) for its options; `gwscheck --version` prints the version.',
  ].join('\n');
}

/** The version in package.json: what `npm install` put on this machine. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    console.log(`gwscheck ${version()}`);
    return EXIT.ok;
  }
  // `gwscheck help contract` is `gwscheck contract --help`.
  const [name, ...rest] = argv[0] === 'help' && argv[1] !== undefined ? [argv[1], '--help'] : argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.error(`gwscheck: unknown command "${name}" (expected one of: ${Object.keys(COMMANDS).join(', ')})`);
    return EXIT.usage;
  }
  try {
    const module = await command.load();
    // Help wins over every other flag, even malformed ones: it is what a confused user asks for.
    const wantsHelp = rest.includes('--help') || rest.includes('-h');
    return await module.run(wantsHelp ? ['--help'] : rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`gwscheck ${name}: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof UnreachableError) {
      console.error(`gwscheck ${name}: ${error.message}`);
      return EXIT.unreachable;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`gwscheck ${name}: internal error: ${message}`);
    return EXIT.contractFailed;
  }
}

#!/usr/bin/env node
import { register } from 'tsx/esm/api';

// `gwscheck ... | head` closes the pipe early; that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
let code;
try {
  const { main } = await import('../src/cli/main.ts');
  code = await main(process.argv.slice(2));
} catch (error) {
  // main() reports its own failures; this is gwscheck failing to start at all (exit 4, internal).
  console.error(`gwscheck: internal error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  if (process.argv.includes('--debug') && error instanceof Error) console.error(error.stack);
  code = 4;
}
process.exitCode = code;
// The command has finished and said so; a handle a library left open must not keep the shell waiting.
setTimeout(() => process.exit(code), 2000).unref();

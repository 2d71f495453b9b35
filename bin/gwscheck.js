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
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// The command has finished and said so; a handle a library left open must not keep the shell waiting.
setTimeout(() => process.exit(code), 2000).unref();

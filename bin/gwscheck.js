#!/usr/bin/env node
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `gwscheck ... | head` closes the pipe early; that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli/main.js', root);

/** Newest modification time under dir, in ms: a source edited after the build makes dist/ stale. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The compiled dist/ (built by `npm run build`, which `npm ci` runs as `prepare`) starts without
 * a TypeScript transform. Without it, or when a source is newer, the sources run through tsx.
 */
function useBuilt() {
  if (process.env.GWSCHECK_FROM_SOURCE === '1' || !existsSync(built)) return false;
  return statSync(built).mtimeMs >= newestSource(fileURLToPath(new URL('src', root)));
}

let code;
try {
  let main;
  if (useBuilt()) {
    ({ main } = await import(built.href));
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import('../src/cli/main.ts'));
  }
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

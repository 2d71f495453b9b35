// `node --import tsx --import ./bench/lib/use-dist.mjs worker.ts`: the worker's imports of
// src/**/*.ts load the compiled dist/**/*.js instead, when dist/ is up to date, so the bench
// measures gwscheck as `bin/gwscheck.js` runs it (compiled, no TypeScript transform), while the
// bench's own files still run through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const built = new URL('dist/cli/main.js', root);

/** Newest modification time under dir, in ms (the rule bin/gwscheck.js uses). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const fresh = existsSync(built) && statSync(built).mtimeMs >= newestSource(fileURLToPath(new URL('src', root)));
if (fresh) register('./dist-hooks.mjs', import.meta.url, { data: { root: root.href } });
else console.error('bench: dist/ is missing or older than src/ (run `npm run build`); gwscheck runs from the TypeScript sources');

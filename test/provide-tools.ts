/**
 * `node --import tsx test/provide-tools.ts [--no-root] [--cache DIR] [--search-path DIRS]`:
 * makes the programs the integration tests run available (see tools.ts) and says in one line what
 * it installed. `npm test` runs it first. --no-root takes the unprivileged path even as root;
 * --search-path replaces PATH for finding the tools only (apt-get and dpkg-deb still come from PATH).
 */
import { parseArgs } from 'node:util';
import { provideTools, TOOL_CACHE } from './tools.ts';

const { values } = parseArgs({
  options: {
    'no-root': { type: 'boolean', default: false },
    cache: { type: 'string', default: TOOL_CACHE },
    'search-path': { type: 'string' },
  },
});
const asRoot = !values['no-root'] && process.getuid?.() === 0;
const lookup = { cacheDir: values.cache, ...(values['search-path'] !== undefined ? { path: values['search-path'] } : {}) };
try {
  const result = provideTools({ asRoot, lookup });
  if (result.kind === 'installed') {
    process.stdout.write(`tools: ${result.tools.join(', ')} missing; installed Debian ${result.packages.join(', ')} with apt-get\n`);
  } else if (result.kind === 'unpacked') {
    process.stdout.write(`tools: ${result.tools.join(', ')} missing; unpacked Debian ${result.packages.join(', ')} (and missing dependencies) into ${lookup.cacheDir}\n`);
  }
} catch (error) {
  process.stderr.write(`tools: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

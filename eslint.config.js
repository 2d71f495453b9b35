import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of the README's Architecture section: `cli` → `gate | prober | simulator | reporters` →
 * `contracts | client | config`, with `notifications` beside the client (it is the client's
 * CometD session) and `drift` beside the contracts (shapes of judged responses). Each module may
 * import itself and the modules listed here; anything else under src/ is refused.
 */
const LAYERS = {
  contracts: [],
  config: ['contracts'],
  client: ['contracts', 'config'],
  drift: ['contracts'],
  notifications: ['client', 'contracts', 'config'],
  reporters: ['client', 'contracts', 'drift', 'config'],
  // The simulator is the server the client is tested against: it never borrows the client's code.
  simulator: ['contracts', 'config'],
  // The prober's results pages render a failed run with the gate's report renderer.
  prober: ['client', 'config', 'contracts', 'drift', 'notifications', 'reporters'],
  // The gate starts the simulator when no GWS_BASE_URL is set, and writes its reports.
  gate: ['client', 'config', 'contracts', 'drift', 'notifications', 'reporters', 'simulator'],
  // The API descriptions (OpenAPI, AsyncAPI) are made from the contracts alone.
  openapi: ['contracts'],
  cli: ['client', 'config', 'contracts', 'drift', 'gate', 'notifications', 'openapi', 'prober', 'reporters', 'simulator'],
};

/** Judging a response is pure: no HTTP library, no test runner, no scheduler in `contracts`. */
const CONTRACTS_PACKAGES = ['pactum', 'vitest', 'vitest/*', 'node-cron', 'prom-client', 'undici', 'cometd*', 'http', 'https', 'node:http', 'node:https', 'node:net'];

/**
 * Front doors: another module is reached only through its index.ts, or a door named here for its
 * own audience (gate/kit/index.ts serves spec files, which live outside src/).
 */
const DOORS = { contracts: ['index', 'agent-state', 'ajv', 'outcomes', 'description'] };

/** How deep below src/<module>/ a file sits decides how many `../` reach another module. */
const DEPTHS = [1, 2, 3, 4];

/** The import patterns refused in a file of `module` that sits `depth` folders below src/. */
function layerPatterns(module, depth) {
  const allowed = LAYERS[module];
  const refused = Object.keys(LAYERS).filter((other) => other !== module && !allowed.includes(other));
  const message = allowed.length > 0
    ? `src/${module} may import only ${allowed.join(', ')} (layers: README, Architecture).`
    : `src/${module} imports no other module (layers: README, Architecture).`;
  const up = '\\.\\./'.repeat(depth);
  const patterns = refused.map((other) => ({ regex: `^${up}${other}(/|$)`, message }));
  for (const other of allowed) {
    const doors = DOORS[other] ?? ['index'];
    patterns.push({
      regex: `^${up}${other}/(?!(${doors.join('|')})\\.ts$)`,
      message: `import src/${other} through its front door (${doors.map((door) => `${door}.ts`).join(', ')}).`,
    });
  }
  if (module === 'contracts') {
    patterns.push({ group: CONTRACTS_PACKAGES, message: 'contracts judge responses: no HTTP library, no test runner, no scheduler.' });
  }
  return patterns;
}

function layerRules(module) {
  return DEPTHS.map((depth) => ({
    files: [`src/${module}/${'*/'.repeat(depth - 1)}*.ts`],
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layerPatterns(module, depth) }] },
  }));
}

/**
 * Inside the gate, the runner (what the CLI calls) and the spec kit (what specs import, in the
 * vitest worker) stand apart; both may use the few files at src/gate/'s root they share.
 */
const GATE_SIDES = [
  { side: 'runner', other: 'kit' },
  { side: 'kit', other: 'runner' },
].map(({ side, other }) => ({
  // These files' layer patterns come along: a later rule of the same name replaces an earlier one.
  files: [`src/gate/${side}/*.ts`],
  ignores: ['src/**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [...layerPatterns('gate', 2), { regex: `^\\.\\./${other}/`, message: `src/gate/${side} does not import src/gate/${other}: the runner and the spec kit share only src/gate/*.ts.` }] },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'bench/results/', 'bin/', 'scripts/', 'deploy/**/*.mjs', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'No TypeScript enum: use a union of literals or an `as const` object.' },
      ],
    },
  },
  {
    files: ['src/cli/**', 'src/reporters/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  ...Object.keys(LAYERS).flatMap(layerRules),
  ...GATE_SIDES,
);

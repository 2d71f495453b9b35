import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './monitoring/prometheus-harness.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * `Json<T>`: T as it can be written in JSON or YAML. String enums of generated types (e.g.
 * Grafana's `TooltipDisplayMode`) become the union of their values, so that a literal "single"
 * type-checks where the enum member would; everything else is kept as it is.
 */
const PRELUDE = `export type Json<T> = T extends string
  ? \`\${T}\`
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
`;

export interface TypeCheckResult {
  /** tsc's exit code: 0 when every file type-checks. */
  readonly code: number;
  /** tsc's diagnostics per file name (as given), in order. */
  readonly errors: ReadonlyMap<string, readonly string[]>;
  readonly output: string;
}

/**
 * Writes `files` (name → TypeScript source; `import type { Json } from './json.ts'` is available)
 * to a temporary directory under node_modules/.cache, so that the project's packages resolve,
 * and runs the project's tsc in strict mode on them.
 */
export async function typeCheck(files: Readonly<Record<string, string>>): Promise<TypeCheckResult> {
  const cache = join(REPO_ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'gwscheck-typecheck-'));
  try {
    writeFileSync(join(dir, 'json.ts'), PRELUDE);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        allowImportingTsExtensions: true,
        verbatimModuleSyntax: true,
        types: [],
      },
      files: ['json.ts', ...Object.keys(files)],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const result = await runCommand(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], dir);
    const output = result.stdout + result.stderr;
    const errors = new Map<string, string[]>();
    for (const line of output.split('\n')) {
      const match = /^([^(\s]+)\(\d+,\d+\): error /.exec(line);
      if (match === null) continue;
      const file = match[1] as string;
      errors.set(file, [...(errors.get(file) ?? []), line]);
    }
    return { code: result.code, errors, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

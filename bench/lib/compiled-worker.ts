import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH_DIR = join(REPO_ROOT, 'bench');
const SOURCE_DIR = join(REPO_ROOT, 'src');
const DIST_DIR = join(REPO_ROOT, 'dist');
const OUT_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'gwscheck-bench');

/** Newest modification time under dir, in ms (the rule bin/gwscheck.js uses to trust dist/). */
function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/** dist/ is there and no source is newer: what `gwscheck` itself runs. */
export function distIsCurrent(): boolean {
  const main = join(DIST_DIR, 'cli', 'main.js');
  return existsSync(main) && statSync(main).mtimeMs >= newest(SOURCE_DIR);
}

const IMPORT_SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+\.ts)\2/g;

/**
 * A bench file as plain JavaScript: types stripped, its imports of src/**\/*.ts pointing at the
 * compiled dist/**\/*.js, its imports of other bench files at their own compiled copies.
 */
function compile(file: string, done: Set<string>): string {
  const out = join(OUT_DIR, relative(BENCH_DIR, file)).replace(/\.ts$/, '.mjs');
  if (done.has(file)) return out;
  done.add(file);
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  const text = outputText.replace(IMPORT_SPECIFIER, (_match, keyword: string, quote: string, specifier: string) => {
    const target = resolve(dirname(file), specifier);
    if (target.startsWith(SOURCE_DIR)) {
      const compiled = join(DIST_DIR, relative(SOURCE_DIR, target)).replace(/\.ts$/, '.js');
      return `${keyword}${quote}${pathToFileURL(compiled).href}${quote}`;
    }
    if (!target.startsWith(BENCH_DIR)) throw new Error(`bench: ${file} imports ${specifier}, outside bench/ and src/`);
    return `${keyword}${quote}${pathToFileURL(compile(target, done)).href}${quote}`;
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  return out;
}

/**
 * Node's arguments for a bench worker. With a current dist/, the worker runs as plain JavaScript
 * on the compiled gwscheck, as `gwscheck` itself runs: no TypeScript loader in the measured
 * process (tsx alone adds about 35 MiB of RSS and a module-hooks thread). Otherwise the sources
 * run through tsx, and the bench says so.
 */
export function workerCommand(name: string, args: readonly string[]): string[] {
  const source = join(BENCH_DIR, 'workers', `${name}.ts`);
  if (distIsCurrent()) return [compile(source, new Set()), ...args];
  console.error('bench: dist/ is missing or older than src/ (run `npm run build`); gwscheck runs from the TypeScript sources through tsx');
  return ['--import', 'tsx', source, ...args];
}

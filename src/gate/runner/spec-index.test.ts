import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateRunContext } from '../context.ts';
import { buildSpecIndex, collectContracts } from './spec-index-build.ts';
import { readSpecIndex, runSettings, specDigest, specFilesFor, type IndexedSpec, type Selection, type SpecIndex } from './spec-index.ts';
import { PACKAGE_ROOT } from './spec-runner.ts';

const CONTEXT: GateRunContext = {
  target: { baseUrl: 'http://127.0.0.1:8090/api/v2', user: { username: 'ksippo', password: 'secret' }, queueUri: 'http://127.0.0.1:8090/api/v2/queues/q' },
  timeoutMs: 5000,
  httpStatusStrict: false,
  asyncDeadlineMs: 5000,
};

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gwscheck-spec-index-'));
  for (const file of ['specs/reads.spec.ts', 'specs/async.spec.ts', 'specs/more/queues.spec.ts', 'specs/new.spec.ts']) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), `// ${file}\n`);
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function indexOf(...specs: Omit<IndexedSpec, 'digest'>[]): SpecIndex {
  return { layout: 1, specs: specs.map((spec) => ({ ...spec, digest: specDigest(root, spec.file) })) };
}

const INDEX = (): SpecIndex =>
  indexOf(
    { file: 'specs/reads.spec.ts', contracts: [{ name: ['get-me: answers GET /me'], tags: ['positive', 'read-only'] }] },
    { file: 'specs/async.spec.ts', contracts: [{ name: ['post-me: Ready shows within ', { setting: 'asyncDeadlineMs' }, ' ms'], tags: ['async', 'changes-state'] }] },
    { file: 'specs/more/queues.spec.ts', contracts: [{ name: ['post-me-emails: created in ', { setting: 'target.queueUri' }], tags: ['email', 'positive'] }] },
  );

function files(selection: Selection, index: SpecIndex | undefined = INDEX(), context: GateRunContext = CONTEXT): string[] | undefined {
  return specFilesFor(selection, context, root, index);
}

describe('specFilesFor', () => {
  it('without a selection, or without an index, every file runs', () => {
    expect(files({ tags: [] })).toBeUndefined();
    expect(specFilesFor({ grep: '^get-me:', tags: [] }, CONTEXT, root, undefined)).toBeUndefined();
  });

  it('chooses the files holding a contract whose name matches --grep and that carries every --tag, and any file it does not know', () => {
    expect(files({ grep: '^get-me:', tags: [] })).toEqual(['specs/new.spec.ts', 'specs/reads.spec.ts']);
    expect(files({ tags: ['positive', 'read-only'] })).toEqual(['specs/new.spec.ts', 'specs/reads.spec.ts']);
    expect(files({ grep: 'answers', tags: ['async'] })).toEqual(['specs/new.spec.ts']);
  });

  it('reads a name with this run\'s settings in it', () => {
    expect(files({ grep: 'within 5000 ms', tags: [] })).toEqual(['specs/async.spec.ts', 'specs/new.spec.ts']);
    expect(files({ grep: 'within 5000 ms', tags: [] }, INDEX(), { ...CONTEXT, asyncDeadlineMs: 7000 })).toEqual(['specs/new.spec.ts']);
  });

  it('counts a contract that shows a setting this run does not have as chosen', () => {
    expect(files({ grep: '^nothing', tags: [] })).toEqual(['specs/new.spec.ts']);
    const withoutQueue = { ...CONTEXT.target };
    delete withoutQueue.queueUri;
    expect(files({ grep: '^nothing', tags: [] }, INDEX(), { ...CONTEXT, target: withoutQueue })).toEqual(['specs/more/queues.spec.ts', 'specs/new.spec.ts']);
  });

  it('always chooses a file whose text changed since, or whose contracts the index could not spell out', () => {
    const index = INDEX();
    const changed = { ...index, specs: index.specs.map((spec) => (spec.file === 'specs/reads.spec.ts' ? { ...spec, digest: 'older' } : spec)) };
    expect(files({ tags: ['async'] }, changed)).toEqual(['specs/async.spec.ts', 'specs/new.spec.ts', 'specs/reads.spec.ts']);
    const unknown = { ...index, specs: index.specs.map((spec) => (spec.file === 'specs/reads.spec.ts' ? { ...spec, contracts: null } : spec)) };
    expect(files({ tags: ['async'] }, unknown)).toEqual(['specs/async.spec.ts', 'specs/new.spec.ts', 'specs/reads.spec.ts']);
  });

  it('leaves the choice to vitest when no file or every file is chosen, or a tag is an expression', () => {
    const known = indexOf(...INDEX().specs, { file: 'specs/new.spec.ts', contracts: [] });
    expect(files({ grep: '^nothing', tags: [] }, known)).toBeUndefined();
    expect(files({ grep: '.', tags: [] }, known)).toEqual(['specs/async.spec.ts', 'specs/more/queues.spec.ts', 'specs/reads.spec.ts']);
    expect(files({ grep: ':', tags: [] })).toBeUndefined();
    expect(files({ tags: ['positive || async'] })).toBeUndefined();
  });
});

describe('runSettings', () => {
  it('has every string and number of the context by path, and no password', () => {
    const settings = runSettings({ ...CONTEXT, target: { ...CONTEXT.target, admin: { username: 'admin', password: 'admin-secret' } } });
    expect(settings.get('asyncDeadlineMs')).toBe('5000');
    expect(settings.get('target.admin.username')).toBe('admin');
    expect([...settings.keys()].filter((key) => key.includes('password'))).toEqual([]);
    expect([...settings.values()]).not.toContain('secret');
  });
});

describe('readSpecIndex', () => {
  it('reads an index at least as new as every compiled module, and nothing older', () => {
    const built = join(root, 'dist');
    mkdirSync(join(built, 'gate'), { recursive: true });
    writeFileSync(join(built, 'gate', 'kit.js'), '');
    const file = join(built, 'spec-index.json');
    writeFileSync(file, JSON.stringify(INDEX()));
    const now = Date.now() / 1000;
    utimesSync(join(built, 'gate', 'kit.js'), now - 10, now - 10);
    utimesSync(file, now, now);
    expect(readSpecIndex(file, built)?.specs.length).toBe(3);
    utimesSync(join(built, 'gate', 'kit.js'), now + 10, now + 10);
    expect(readSpecIndex(file, built)).toBeUndefined();
    expect(readSpecIndex(join(built, 'missing.json'), built)).toBeUndefined();
  });
});

describe('the spec index of the gate\'s own specs', () => {
  let index: SpecIndex;

  beforeAll(async () => {
    index = await buildSpecIndex(PACKAGE_ROOT);
  }, 120_000);

  it('spells out every spec file\'s contracts, names showing the deadline among them', () => {
    expect(index.specs.length).toBeGreaterThan(10);
    expect(index.specs.filter((spec) => spec.contracts === null)).toEqual([]);
    const calls = index.specs.find((spec) => spec.file === 'specs/calls.spec.ts');
    expect(calls?.contracts?.some((contract) => contract.name.some((part) => typeof part !== 'string' && part.setting === 'asyncDeadlineMs'))).toBe(true);
  });

  it.each<Selection>([
    { grep: '^(get-me|get-features|get-skills): answers ', tags: ['positive'] },
    { grep: 'within 4321 ms', tags: [] },
    { tags: ['read-only', 'security'] },
  ])('chooses exactly the files in which vitest selects a contract: %j', async (selection) => {
    const context = { ...CONTEXT, asyncDeadlineMs: 4321 };
    const collected = await collectContracts(PACKAGE_ROOT, context, selection);
    const selecting = [...collected].filter(([, contracts]) => contracts?.some((c) => c.selected)).map(([file]) => file).sort();
    expect(selecting.length).toBeGreaterThan(0);
    expect(specFilesFor(selection, context, PACKAGE_ROOT, index) ?? [...collected.keys()].sort()).toEqual(selecting);
  }, 120_000);
});

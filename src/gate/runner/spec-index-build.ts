import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { createVitest, type TestCase, type TestModule } from 'vitest/node';
import type { GateRunContext } from '../context.ts';
import { ALL_SPECS, SPEC_INDEX_FILE, runSettings, specDigest, specFiles, type IndexedContract, type IndexedSpec, type NamePart, type Selection, type SpecIndex } from './spec-index.ts';
import { PACKAGE_ROOT, silentStreams, specRunnerSettings, specVitestOptions } from './spec-runner.ts';
import { GATE_TAGS } from './tags.ts';

/**
 * Two runs' settings as unlike as can be: every optional setting present in one and absent from
 * the other, every value different. A name that shows a setting then reads differently under
 * each, which is how the index learns where the setting goes; a spec whose contracts depend on
 * its settings in any other way collects differently under the two, and always runs.
 */
const EVERY_SETTING: GateRunContext = {
  target: {
    baseUrl: 'http://gwscheck-index-alpha.invalid/api/v2',
    user: { username: 'gwscheck-index-alpha-agent', password: 'gwscheck-index-alpha-secret' },
    admin: { username: 'gwscheck-index-alpha-admin', password: 'gwscheck-index-alpha-secret' },
    supervisor: { username: 'gwscheck-index-alpha-supervisor', password: 'gwscheck-index-alpha-secret' },
    contactCenterId: 'gwscheck-index-alpha-contact-center',
    queueUri: 'http://gwscheck-index-alpha.invalid/api/v2/queues/gwscheck-index-alpha-queue',
    openmediaType: 'gwscheckindexalphamedia',
  },
  timeoutMs: 700_001,
  latencyBudgetMs: 700_013,
  httpStatusStrict: true,
  asyncDeadlineMs: 700_019,
  notifications: 'required',
  strict: true,
  observeShapes: true,
  retryBackoffMs: 700_027,
  features: ['api-voice', 'api-multimedia'],
  staticMock: true,
};
const FEWEST_SETTINGS: GateRunContext = {
  target: { baseUrl: 'http://gwscheck-index-beta.invalid/gws/api/v2', user: { username: 'gwscheck-index-beta-agent', password: '' } },
  timeoutMs: 900_007,
  httpStatusStrict: false,
  asyncDeadlineMs: 900_011,
};

/** A contract as vitest collected it: its name as `--grep` sees it, its tags, and whether the selection chose it. */
export interface CollectedContract {
  readonly name: string;
  readonly tags: readonly string[];
  readonly selected: boolean;
}

/** The name vitest matches `--grep` against: the names of the enclosing suites and the test's, spaced. */
function grepName(test: TestCase): string {
  const names = [test.name];
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name);
  return names.join(' ');
}

function collectedOf(module: TestModule): CollectedContract[] | null {
  const broken = module.errors().length > 0 || [...module.children.allSuites()].some((suite) => suite.errors().length > 0);
  return broken ? null : [...module.children.allTests()].map((test) => ({ name: grepName(test), tags: [...test.tags], selected: test.options.mode === 'run' }));
}

/**
 * Every spec file's contracts as vitest collects them (no contract runs) under these settings and
 * this selection; null for a file whose collecting failed.
 */
export async function collectContracts(root: string, context: GateRunContext, selection: Selection = { tags: [] }): Promise<Map<string, CollectedContract[] | null>> {
  const settings = specRunnerSettings();
  const vitest = await createVitest(
    'test',
    { ...specVitestOptions(settings, root, [ALL_SPECS], context, selection, GATE_TAGS), reporters: [] },
    { logLevel: 'silent', clearScreen: false, plugins: settings.plugins },
    silentStreams(),
  );
  try {
    const result = await vitest.collect();
    const unattributed = result.unhandledErrors.length > 0;
    return new Map(result.testModules.map((module) => [relative(root, module.moduleId).split(sep).join('/'), unattributed ? null : collectedOf(module)]));
  } finally {
    await vitest.close();
  }
}

/** A value no contract name could show by chance: the made-up names and the six-digit numbers above. */
const MADE_UP = /^\d{6,}$|gwscheck-?index-?(alpha|beta)/;

/** A name in parts: each stretch that is one of the settings' made-up values becomes that setting. */
function nameParts(name: string, settings: ReadonlyMap<string, string>): NamePart[] {
  const byValue = new Map([...settings].filter(([, value]) => MADE_UP.test(value)).map(([path, value]) => [value, path]));
  if (byValue.size === 0) return [name];
  // Longest first, so that a URL is not taken for the host it starts with; a number only whole.
  const values = [...byValue.keys()].sort((a, b) => b.length - a.length);
  const alternatives = values.map((value) => {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return /^\d+$/.test(value) ? `(?<!\\d)${escaped}(?!\\d)` : escaped;
  });
  const parts: NamePart[] = [];
  let at = 0;
  for (const match of name.matchAll(new RegExp(alternatives.join('|'), 'g'))) {
    const start = match.index ?? at;
    if (start > at) parts.push(name.slice(at, start));
    parts.push({ setting: byValue.get(match[0]) ?? '' });
    at = start + match[0].length;
  }
  if (at < name.length) parts.push(name.slice(at));
  return parts;
}

/** The contracts in parts when both collections agree on them, else null (the file always runs). */
function agreed(one: readonly CollectedContract[] | null | undefined, other: readonly CollectedContract[] | null | undefined): IndexedContract[] | null {
  if (!one || !other || one.length !== other.length) return null;
  const oneSettings = runSettings(EVERY_SETTING);
  const otherSettings = runSettings(FEWEST_SETTINGS);
  const contracts: IndexedContract[] = [];
  for (const [i, contract] of one.entries()) {
    const name = nameParts(contract.name, oneSettings);
    const twin = other[i] as CollectedContract;
    if (JSON.stringify(name) !== JSON.stringify(nameParts(twin.name, otherSettings)) || JSON.stringify(contract.tags) !== JSON.stringify(twin.tags)) return null;
    contracts.push({ name, tags: contract.tags });
  }
  return contracts;
}

/** The spec index of the spec files under `root`, collected twice under unlike settings. */
export async function buildSpecIndex(root: string = PACKAGE_ROOT): Promise<SpecIndex> {
  const files = specFiles(root);
  if (files.length === 0) return { layout: 1, specs: [] };
  const one = await collectContracts(root, EVERY_SETTING);
  const other = await collectContracts(root, FEWEST_SETTINGS);
  const specs: IndexedSpec[] = files.map((file) => ({ file, digest: specDigest(root, file), contracts: agreed(one.get(file), other.get(file)) }));
  return { layout: 1, specs };
}

/** Writes the spec index of `root` to `file` (by default, where the runner looks for it) and says what it holds. */
export async function writeSpecIndex(root: string = PACKAGE_ROOT, file: string = SPEC_INDEX_FILE): Promise<{ specs: number; contracts: number; alwaysRun: number }> {
  const index = await buildSpecIndex(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(index)}\n`);
  renameSync(`${file}.tmp`, file);
  return {
    specs: index.specs.length,
    contracts: index.specs.reduce((sum, spec) => sum + (spec.contracts?.length ?? 0), 0),
    alwaysRun: index.specs.filter((spec) => spec.contracts === null).length,
  };
}

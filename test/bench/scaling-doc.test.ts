// docs/scaling.md sizes fleets from bench figures: every figure it names must exist in the results
// file it cites, with the value the doc gives, so the guide cannot drift from the runs behind it.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/scaling.md', ROOT), 'utf8');

interface Figure {
  readonly name: string;
  readonly gwscheck: number | null;
  readonly peerValue: number | null;
}

const results = new Map<string, Map<string, Figure>>();
function figuresOf(file: string): Map<string, Figure> {
  let figures = results.get(file);
  if (figures === undefined) {
    const parsed = JSON.parse(readFileSync(new URL(`bench/results/${file}`, ROOT), 'utf8')) as { figures: Figure[] };
    figures = new Map(parsed.figures.map((f) => [f.name, f]));
    results.set(file, figures);
  }
  return figures;
}

/** `| \`figure\` | value | peer value | unit | results file |` rows of the doc's figure tables. */
const rows = doc
  .split('\n')
  .map((line) => /^\| `([a-z0-9-]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([a-z0-9-]+\.json) \|$/.exec(line))
  .flatMap((match) => (match === null ? [] : [{ name: match[1] ?? '', value: (match[2] ?? '').trim(), peer: (match[3] ?? '').trim(), file: match[5] ?? '' }]));

const number = (cell: string): number => Number(cell.replace(/,/g, ''));

/** The kind of run a results file holds: the latest full run, or one group's run of a day. */
function kindOf(file: string): 'full' | 'scale' | 'at-scale' | undefined {
  if (file === 'latest.json') return 'full';
  if (/^scale-\d{4}-\d{2}-\d{2}\.json$/.test(file)) return 'scale';
  if (/^at-scale-\d{4}-\d{2}-\d{2}\.json$/.test(file)) return 'at-scale';
  return undefined;
}

test('docs/scaling.md cites its figures in tables that name their results file', () => {
  expect(rows.length).toBeGreaterThan(10);
  // The latest full run, a scale run of a day, an at-scale run of a day: at most one file of each kind.
  const files = [...new Set(rows.map((row) => row.file))];
  const kinds = files.map(kindOf);
  expect(files.filter((file) => kindOf(file) === undefined)).toEqual([]);
  expect(new Set(kinds).size).toBe(kinds.length);
  // A figure is cited once, from one file.
  const names = rows.map((row) => row.name);
  expect(names.filter((name, at) => names.indexOf(name) !== at)).toEqual([]);
  // The figures the text works out together (memory per probe, CPU share) come from one run per
  // group: the `scale-*` ones from the full run or a scale run, the `at-scale-*` ones from the full
  // run or an at-scale run.
  const filesOf = (prefix: string): string[] => [...new Set(rows.filter((row) => row.name.startsWith(prefix)).map((row) => row.file))];
  const scaleFiles = filesOf('scale-');
  expect(scaleFiles).toHaveLength(1);
  expect(['full', 'scale']).toContain(kindOf(scaleFiles[0] ?? ''));
  const atScaleFiles = filesOf('at-scale-');
  expect(atScaleFiles).toHaveLength(1);
  expect(['full', 'at-scale']).toContain(kindOf(atScaleFiles[0] ?? ''));
});

test('docs/scaling.md says which run each cited results file holds', () => {
  const files = [...new Set(rows.map((row) => row.file))];
  expect(files.filter((file) => !doc.includes(`\n- \`${file}\`: `))).toEqual([]);
});

test.each(rows)('$name in $file is what docs/scaling.md says', ({ name, value, peer, file }) => {
  const figure = figuresOf(file).get(name);
  expect(figure, `${name} is not a figure of bench/results/${file}`).toBeDefined();
  expect(number(value)).toBe(figure?.gwscheck);
  if (peer === '–') expect(figure?.peerValue).toBeNull();
  else expect(number(peer)).toBe(figure?.peerValue);
});

test('every figure name the text mentions is one of the cited figures', () => {
  const cited = new Set(rows.map((row) => row.name));
  const mentioned = [...doc.matchAll(/`((?:probe|scale|at-scale|gate|judge)-[a-z0-9-]+)`/g)].map((m) => m[1] ?? '');
  expect(mentioned.filter((name) => !cited.has(name))).toEqual([]);
});

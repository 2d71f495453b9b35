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

test('docs/scaling.md cites its figures in tables that name their results file', () => {
  expect(rows.length).toBeGreaterThan(10);
  // The latest full run, and the at-scale run of a day.
  const files = [...new Set(rows.map((row) => row.file))];
  expect(files).toContain('latest.json');
  expect(files.filter((file) => file !== 'latest.json')).toEqual([expect.stringMatching(/^at-scale-\d{4}-\d{2}-\d{2}\.json$/)]);
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

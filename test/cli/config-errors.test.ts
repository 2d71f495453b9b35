// The command line as a user runs it: every configuration problem is exit 2 with one line per
// problem naming the value, never a hang, a stack trace or exit 1/3.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPool, runCli, type CliRun } from '../gate/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-cli-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  ...'bcdefg'.split('').map((name, i) => `${name}: &${name} [${Array<string>(9).fill(`*${'abcdefg'[i] ?? 'a'}`).join(', ')}]`),
  'targets: [*g]',
  '',
].join('\n');

const FORTY_TARGETS = [
  'targets:',
  ...Array.from({ length: 40 }, (_, i) => `  - { name: t${i}, baseUrl: "http://gws-${i}/api/v2"${i % 10 === 3 ? ', timeout: 600h' : ''} }`),
  '',
].join('\n');

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** One pattern per expected stderr line, in order. */
  readonly lines: readonly RegExp[];
}

const CASES: readonly Case[] = [
  { name: 'contract --timeout 3000000000', args: ['contract', '--timeout', '3000000000'], lines: [/^gwscheck contract: --timeout "3000000000" is out of range \(expected 1ms to 2147483647ms/] },
  { name: 'contract --retries -1', args: ['contract', '--retries', '-1'], lines: [/^gwscheck contract: --retries "-1" is not an integer from 0 to 10$/] },
  { name: 'contract --reports /proc/x', args: ['contract', '--reports', '/proc/gwscheck-x'], lines: [/^gwscheck contract: --reports "\/proc\/gwscheck-x" is not a writable directory \(E[A-Z]+\)/] },
  {
    name: 'contract with several bad flags',
    args: ['contract', '--timeout', '5 s', '--retries', 'x', '--tag', 'A B'],
    lines: [/--tag "A B" is not a tag name/, /--timeout "5 s" is not a duration/, /--retries "x" is not an integer/],
  },
  { name: 'probe --config with an alias bomb', args: ['probe', '--once', '--config', configFile('bomb.yaml', ALIAS_BOMB)], lines: [/not valid YAML: more alias expansions than maxAliasCount 100 allows/] },
  {
    name: 'probe --config with a timeout of 600h in four of forty targets',
    args: ['probe', '--once', '--config', configFile('forty.yaml', FORTY_TARGETS)],
    lines: [3, 13, 23, 33].map((i) => new RegExp(`: targets\\[${i}\\]\\.timeout "600h" is out of range \\(expected 1ms to 2147483647ms`)),
  },
];

describe('configuration errors on the command line', () => {
  let runs: CliRun[] = [];

  // Two at a time: each run starts Node and tsx, and the machine has two cores.
  beforeAll(async () => {
    runs = await inPool(CASES, 2, (c) => runCli(c.args));
  }, 180_000);

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s: exit 2, one line per problem', (_name, index) => {
    const run = runs[index];
    const expected = CASES[index]?.lines ?? [];
    expect(run?.status, run?.stderr).toBe(2);
    const lines = (run?.stderr ?? '').trim().split('\n');
    expect(lines).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
    expect(run?.stdout).toBe('');
  });
});

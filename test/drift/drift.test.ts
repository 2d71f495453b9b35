// Graded drift and honest retries, end to end: `gwscheck contract` as a user runs it, against
// simulators whose fault injection adds, removes and retypes attributes or fails a request once
// (or always). Each case checks the exit code, stdout, the Markdown summary and every report file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ContractReport, ContractResult } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type FaultSpec, type RunningSimulator } from '../../src/simulator/index.ts';
import { inPool, runCli, type CliRun } from '../gate/cli.ts';

interface GateRun {
  readonly cli: CliRun;
  readonly junit: string;
  readonly json: ContractReport;
  readonly html: string;
  /** summary.md: the Markdown summary, which a terminal does not get. */
  readonly md: string;
}

const work = mkdtempSync(join(tmpdir(), 'gwscheck-drift-'));
const simulators: RunningSimulator[] = [];

async function simulator(faults: readonly FaultSpec[] = []): Promise<RunningSimulator> {
  const running = await listen(buildSimulator({ faults }), { host: '127.0.0.1', port: 0 });
  simulators.push(running);
  return running;
}

async function addFault(sim: RunningSimulator, fault: FaultSpec): Promise<void> {
  const response = await fetch(`${sim.origin}/__simulator/faults`, { method: 'POST', body: JSON.stringify(fault), headers: { 'Content-Type': 'application/json' } });
  expect(response.status).toBeLessThan(300);
}

/** Runs the gate against `sim` as the seed agent ksippo (empty password) and reads every report. */
async function gate(name: string, sim: RunningSimulator, args: readonly string[]): Promise<GateRun> {
  const dir = join(work, name);
  const cli = await runCli(['contract', '--base-url', sim.url, '--username', 'ksippo', '--reports', dir, '--async-deadline', '1500', ...args], { GWS_PASSWORD: '' });
  const read = (file: string): string => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      throw new Error(`${name}: no ${file} (exit ${cli.status}, stderr ${cli.stderr})`);
    }
  };
  const junit = read('junit.xml');
  expectWellFormedXml(junit);
  return { cli, junit, json: JSON.parse(read('contract-report.json')) as ContractReport, html: read('contract-report.html'), md: read('summary.md') };
}

/** Every element closed in order, nothing unescaped: what a CI's JUnit parser needs. */
function expectWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  for (const [, closing, name, , selfClosing] of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (closing === '/') expect(stack.pop()).toBe(name);
    else if (selfClosing !== '/') stack.push(name ?? '');
  }
  expect(stack).toEqual([]);
  expect(body.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]/);
}

function only(run: GateRun, prefix: string): ContractResult {
  const found = run.json.results.filter((r) => r.name.startsWith(prefix));
  expect(found, `${prefix} in ${run.json.results.map((r) => r.name).join('; ')}`).toHaveLength(1);
  return found[0]!;
}

/** The <testcase> element of one contract in junit.xml. */
function testcase(junit: string, prefix: string): string {
  const start = junit.indexOf(`<testcase name="${prefix}`);
  expect(start, `testcase ${prefix}`).toBeGreaterThanOrEqual(0);
  const head = junit.indexOf('>', start);
  return junit[head - 1] === '/' ? junit.slice(start, head + 1) : junit.slice(start, junit.indexOf('</testcase>', start));
}

const GET_ME = '^get-me: answers GET /me as';
const GET_ME_CONTRACT = 'get-me: answers GET /me as the catalog says';
// Retries are shown on a documented endpoint: a failed contract about an unconfirmed one (GET /me/skills) is only a warning.
const CALLS = '^get-me-calls: answers';
const CALLS_CONTRACT = 'get-me-calls: answers GET /me/calls';
const internalError = (times?: number): FaultSpec => ({ type: 'status-code', statusCode: 4, httpStatus: 500, route: '/me/calls', method: 'GET', ...(times !== undefined ? { times } : {}) });

const runs = new Map<string, GateRun>();
let recorded: GateRun;
let compared: GateRun;
let shapesFile: string;

beforeAll(async () => {
  const added = await simulator([{ type: 'mutate', op: 'add', pointer: '/user/newAttribute', value: 'x', route: '/me', method: 'GET' }]);
  const removed = await simulator([{ type: 'mutate', op: 'remove', pointer: '/user/userName', route: '/me', method: 'GET' }]);
  const retyped = await simulator([{ type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me', method: 'GET' }]);
  const permanent = await simulator([internalError()]);
  const jobs: (readonly [string, () => Promise<GateRun>])[] = [
    ['added', () => gate('added', added, ['--grep', GET_ME])],
    ['added-strict', () => gate('added-strict', added, ['--grep', GET_ME, '--strict'])],
    ['removed', () => gate('removed', removed, ['--grep', GET_ME])],
    ['retyped', () => gate('retyped', retyped, ['--grep', GET_ME])],
    ['flaky', async () => gate('flaky', await simulator([internalError(1)]), ['--grep', CALLS, '--retries', '2'])],
    ['flaky-fatal', async () => gate('flaky-fatal', await simulator([internalError(1)]), ['--grep', CALLS, '--retries', '2', '--fail-on-flaky'])],
    ['permanent', () => gate('permanent', permanent, ['--grep', CALLS, '--retries', '2'])],
  ];
  const done = await inPool(jobs, 2, async ([name, job]) => [name, await job()] as const);
  for (const [name, run] of done) runs.set(name, run);

  // The upgrade review: record on a clean server, then compare after it changed.
  const upgraded = await simulator();
  shapesFile = join(work, 'shapes.json');
  recorded = await gate('record', upgraded, ['--grep', '^get-me', '--record', shapesFile]);
  await addFault(upgraded, { type: 'mutate', op: 'add', pointer: '/user/newAttribute', value: 'x', route: '/me', method: 'GET' });
  await addFault(upgraded, { type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me', method: 'GET' });
  // displayName is optional: no contract breaks, only the comparison sees it go.
  await addFault(upgraded, { type: 'mutate', op: 'remove', pointer: '/devices/0/userState/displayName', route: '/me/devices', method: 'GET' });
  compared = await gate('compare', upgraded, ['--grep', '^get-me', '--compare', shapesFile]);
}, 120_000);

afterAll(async () => {
  await Promise.all(simulators.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

const run = (name: string): GateRun => {
  const found = runs.get(name);
  if (found === undefined) throw new Error(`no run ${name}`);
  return found;
};

describe('graded drift', () => {
  test('an added attribute is additive: a warning in every report, exit 0', () => {
    const { cli, junit, json, html, md } = run('added');
    expect(cli.status, cli.stderr).toBe(0);
    const result = only(run('added'), GET_ME_CONTRACT);
    expect(result.outcome).toBe('passed');
    expect(result.violations).toContainEqual(expect.objectContaining({ pointer: '/user/newAttribute', grade: 'additive', request: 'GET /me' }));
    expect(json.summary).toMatchObject({ verdict: 'held', additiveDrift: 1, strict: false });
    expect(json.drift?.additive).toEqual([expect.objectContaining({ operation: 'get-me', change: 'new-attribute', pointer: '/user/newAttribute', requests: ['GET /me'] })]);
    const element = testcase(junit, GET_ME_CONTRACT);
    expect(element).toContain('<system-out>additive drift (a warning; --strict makes it fail):');
    expect(element).toContain('new attribute /user/newAttribute in GET /me');
    expect(element).not.toContain('<failure');
    expect(html).toContain('<h2>Drift</h2>');
    expect(html).toMatch(/<td>new attribute<\/td><td>get-me<\/td><td><code>\/user\/newAttribute<\/code><\/td>/);
    expect(md).toContain('Additive drift (a warning): 1 new attribute(s) or list value(s)');
    expect(md).toContain('| get-me | attribute | /user/newAttribute | GET /me |');
    expect(cli.stdout).toContain('Additive drift (a warning; --strict makes it fail): 1 new attribute(s) or list value(s)');
  });

  test('--strict makes additive drift fail: exit 1', () => {
    const { cli, junit, json, html, md } = run('added-strict');
    expect(cli.status, cli.stderr).toBe(1);
    expect(only(run('added-strict'), GET_ME_CONTRACT).outcome).toBe('failed');
    expect(json.summary).toMatchObject({ verdict: 'failed', strict: true, reasons: ['1 contract(s) failed'] });
    expect(testcase(junit, GET_ME_CONTRACT)).toMatch(/<failure message="response body \/user\/newAttribute: attribute not in the schema \(additive drift\)"/);
    expect(html).toContain('Additive drift (fails under --strict)');
    expect(md).toContain('❌ gwscheck contract: 1 contract(s) failed');
    expect(cli.stdout).toContain('gwscheck contract: 1 contract(s) failed');
  });

  test.each([
    ['removed', '/user/userName', 'required', 'required attribute is missing'],
    ['retyped', '/user/enabled', 'type', 'must be boolean'],
  ])('a %s attribute is breaking: exit 1, named in every report', (name, pointer, keyword, words) => {
    const { cli, junit, json, html, md } = run(name);
    expect(cli.status, cli.stderr).toBe(1);
    const result = only(run(name), GET_ME_CONTRACT);
    expect(result.outcome).toBe('failed');
    expect(result.violations).toContainEqual(expect.objectContaining({ pointer, keyword, grade: 'breaking' }));
    expect(json.summary.verdict).toBe('failed');
    expect(json.drift?.additive).toEqual([]);
    expect(testcase(junit, GET_ME_CONTRACT)).toContain(`<failure message="response body ${pointer}: ${words}`);
    expect(html).toContain(`<code>${pointer}</code> <span class="grade breaking">breaking</span>`);
    expect(md).toContain(`**1 contract: response body ${pointer}: ${words}`);
    expect(md).toContain(`- ${GET_ME_CONTRACT}`);
    expect(cli.stdout).toContain(`FAIL 1 contract: response body ${pointer}: ${words}`);
  });
});

describe('--record and --compare', () => {
  test('--record writes the observed shapes per operation, with open-list values', () => {
    expect(recorded.cli.status, recorded.cli.stderr).toBe(0);
    expect(recorded.cli.stdout).toContain(`Shapes recorded: ${shapesFile}`);
    const record = JSON.parse(readFileSync(shapesFile, 'utf8')) as { kind: string; operations: Record<string, { attributes: Record<string, string>; enumValues: Record<string, string[]> }> };
    expect(record.kind).toBe('gwscheck-shapes');
    expect(record.operations['get-me']?.attributes).toMatchObject({ '/user/enabled': 'boolean', '/user/roles/*': 'string' });
    expect(record.operations['get-me']?.enumValues).toMatchObject({ '/user/roles/*': ['ROLE_AGENT'] });
    expect(record.operations['get-me-devices']?.attributes['/devices/*/userState/displayName']).toBe('string');
    expect(recorded.json.drift?.recordedTo).toBe(shapesFile);
  });

  test('--compare lists added, removed and retyped attributes per operation; removed/retyped fail', () => {
    const { cli, junit, json, html, md } = compared;
    expect(cli.status, cli.stderr).toBe(1);
    const comparison = json.drift?.comparison;
    expect(comparison?.operations).toEqual([
      {
        operation: 'get-me',
        changes: [
          { pointer: '/user/enabled', change: 'retyped', grade: 'breaking', before: 'boolean', after: 'string' },
          { pointer: '/user/newAttribute', change: 'added', grade: 'additive', before: null, after: 'string' },
        ],
      },
      { operation: 'get-me-devices', changes: [{ pointer: '/devices/*/userState/displayName', change: 'removed', grade: 'breaking', before: 'string', after: null }] },
    ]);
    expect(comparison).toMatchObject({ breaking: 2, additive: 1, notObserved: [], newlyObserved: [] });
    // No contract sees an optional attribute go: the comparison alone fails that operation.
    expect(only(compared, 'get-me-devices: answers').outcome).toBe('passed');
    expect(json.summary.reasons).toContain(`2 attribute(s) removed or retyped since ${shapesFile}`);
    expect(md).toContain(`Changes since ${shapesFile}: 2 breaking, 1 additive`);
    expect(md).toContain('- breaking: get-me-devices: removed /devices/*/userState/displayName (was string)');
    expect(md).toContain('- breaking: get-me: retyped /user/enabled from boolean to string');
    expect(md).toContain('- additive: get-me: added /user/newAttribute (string)');
    expect(cli.stdout).toContain(`2 attribute(s) removed or retyped since ${shapesFile}`);
    expect(html).toMatch(/<td>removed<\/td><td>get-me-devices<\/td><td><code>\/devices\/\*\/userState\/displayName<\/code><\/td>/);
    expect(junit).toContain(`<testsuite name="shape comparison with ${shapesFile}"`);
    expect(junit).toContain('<failure message="get-me-devices: removed /devices/*/userState/displayName (was string)" type="ShapeChange">');
    expect(junit).toContain('  get-me: added /user/newAttribute (string)');
  });

  test('a missing or foreign --compare file is one line and exit 2 (bad --record and --retries values: src/config)', async () => {
    const sim = simulators[0]!;
    const foreign = join(work, 'foreign.json');
    writeFileSync(foreign, '{"schemaVersion":1}');
    const cases: [readonly string[], string][] = [
      [['--compare', join(work, 'nope.json')], `gwscheck contract: --compare "${join(work, 'nope.json')}" cannot be read (ENOENT); expected a file written by gwscheck contract --record`],
      [['--compare', foreign], `gwscheck contract: --compare "${foreign}" is not a gwscheck shape record (expected "kind": "gwscheck-shapes", written by gwscheck contract --record)`],
    ];
    const results = await inPool(cases, 2, ([args]) => runCli(['contract', '--base-url', sim.url, '--username', 'ksippo', '--grep', GET_ME, ...args], { GWS_PASSWORD: '' }));
    results.forEach((result, i) => {
      expect(result.status).toBe(2);
      expect(result.stderr.trim()).toBe(cases[i]![1]);
    });
  });
});

describe('honest retries', () => {
  test('a contract that passes only on a retry is flaky, not passed: exit 0, flakyFailure in JUnit', () => {
    const { cli, junit, json, html, md } = run('flaky');
    expect(cli.status, cli.stderr).toBe(0);
    const result = only(run('flaky'), CALLS_CONTRACT);
    expect(result).toMatchObject({ outcome: 'flaky', attempts: 2 });
    expect(result.earlierFailures).toHaveLength(1);
    expect(result.earlierFailures[0]).toMatch(/^statusCode 4 \("Internal error"\), expected 0\n/);
    expect(json.summary).toMatchObject({ verdict: 'held', flaky: 1, passed: 0, failed: 0, retries: 2, failOnFlaky: false });
    const element = testcase(junit, CALLS_CONTRACT);
    expect(element).toMatch(/<flakyFailure message="statusCode 4 \(&quot;Internal error&quot;\), expected 0" type="ContractViolation"><stackTrace>GET \/me\/calls\?fields=\* -&gt; HTTP 500/);
    expect(element).not.toContain('<failure');
    expect(html).toContain('<td class="num">0</td><td class="num">0</td><td class="num">1</td>');
    expect(html).toContain('<h2>Flaky (passed only on a retry)</h2>');
    expect(md).toContain(`Flaky, passed only on a retry (does not fail the gate): ${CALLS_CONTRACT}`);
  });

  test('--fail-on-flaky makes a flaky contract fail the gate: exit 1', () => {
    const { cli, json } = run('flaky-fatal');
    expect(cli.status, cli.stderr).toBe(1);
    expect(json.summary).toMatchObject({ verdict: 'failed', flaky: 1, reasons: ['1 contract(s) passed only on a retry (--fail-on-flaky)'] });
    expect(cli.stdout).toContain('1 contract(s) passed only on a retry (--fail-on-flaky)');
  });

  test('a permanent fault fails after every attempt, with each attempt\'s message', () => {
    const { cli, junit, json } = run('permanent');
    expect(cli.status, cli.stderr).toBe(1);
    const result = only(run('permanent'), CALLS_CONTRACT);
    expect(result).toMatchObject({ outcome: 'failed', attempts: 3 });
    expect(result.message).toMatch(/failed all 3 attempts\nattempt 1: GET \/me\/calls[^\n]*HTTP 500[\s\S]*\nattempt 2: GET[\s\S]*\nattempt 3: GET/);
    expect(json.summary).toMatchObject({ failed: 1, flaky: 0 });
    const element = testcase(junit, CALLS_CONTRACT);
    expect(element).toContain('<failure message="statusCode 4 (&quot;Internal error&quot;), expected 0"');
    expect(element).not.toContain('flakyFailure');
  });

  test('a state-changing contract restores the agent between attempts', async () => {
    const sim = await simulator([{ type: 'status-code', statusCode: 4, httpStatus: 500, route: '/me/channels/voice', method: 'POST', times: 1 }]);
    const channels = async (): Promise<string> => {
      const response = await fetch(`${sim.url}/me/channels?fields=*`, { headers: { Authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}` } });
      return JSON.stringify(((await response.json()) as { channels: { channel: string; userState: unknown }[] }).channels.map((c) => [c.channel, c.userState]));
    };
    const before = await channels();
    const flaky = await gate('flaky-state', sim, ['--grep', '^post-me-channels-voice: NotReady answers', '--retries', '1']);
    expect(flaky.cli.status, flaky.cli.stderr).toBe(0);
    const result = only(flaky, 'post-me-channels-voice: NotReady answers');
    expect(result).toMatchObject({ outcome: 'flaky', attempts: 2 });
    expect(result.earlierFailures[0]).toContain('could not first move the agent to Ready');
    expect(await channels()).toBe(before);
  });
});

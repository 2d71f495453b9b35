// The reports of a run against a defect, read as the people and tools that act on them read them:
// the JSON and JUnit data, the JUnit file against Jenkins' junit-10.xsd, the HTML page in a browser.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SCHEMA_BASE } from '../../src/contracts/index.ts';
import type { ContractReport, ContractResult } from '../../src/reporters/index.ts';
import { renderJunit } from '../../src/reporters/junit.ts';
import type { FailureGroup } from '../../src/reporters/types.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import { ROOT, runCli, type CliRun } from '../gate/cli.ts';
import { renderPage } from './chromium.ts';
import { junit10Violations } from './junit-xsd.ts';
import { parseXml } from './xml.ts';

const PASSWORD = 'Rep0rt-Pw-93ac1e!';
const work = mkdtempSync(join(tmpdir(), 'gwscheck-reports-'));
const dir = join(work, 'reports');
let simulator: RunningSimulator;
let cli: CliRun;
let report: ContractReport & { failureGroups: FailureGroup[] };

beforeAll(async () => {
  const fixtures = { ...DEFAULT_FIXTURES, users: DEFAULT_FIXTURES.users.map((u) => (u.userName === 'ksippo' ? { ...u, password: PASSWORD } : u)) };
  // Error bodies with an extra attribute: every negative contract fails for one cause.
  simulator = await listen(buildSimulator({ fixtures, defects: ['error-extra-attributes'] }), { host: '127.0.0.1', port: 0 });
  cli = await runCli(['contract', '--base-url', simulator.url, '--username', 'ksippo', '--tag', 'negative', '--reports', dir], { GWS_PASSWORD: PASSWORD, CI: '1' });
  report = JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8')) as typeof report;
}, 120_000);

afterAll(async () => {
  await simulator.close();
  rmSync(work, { recursive: true, force: true });
});

function failed(): ContractResult[] {
  return report.results.filter((r) => r.outcome === 'failed');
}

const EXTRA_ATTRIBUTE_RULE = `${SCHEMA_BASE}common/error.json#/additionalProperties`;

describe('a run against error bodies with an extra attribute', () => {
  test('exit 1; no password in any output', () => {
    expect(cli.status, cli.stderr).toBe(1);
    let everything = cli.stdout + cli.stderr;
    for (const name of ['junit.xml', 'contract-report.json', 'contract-report.html', 'summary.md']) everything += readFileSync(join(dir, name), 'utf8');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(`ksippo:${PASSWORD}`).toString('base64'));
  });

  test('JSON: every failure has the request as sent, a curl line, the schema rule and the documentation page', () => {
    expect(report.schemaVersion).toBe(2);
    expect(failed().length).toBeGreaterThanOrEqual(5);
    for (const result of failed()) {
      const request = result.exchange?.request;
      expect(request?.url.startsWith(`${simulator.url}/`), result.name).toBe(true);
      expect(request?.method).toBe('POST');
      expect(request?.headers['authorization']).toMatch(/^(Basic )?\*\*\*$/);
      expect(result.curl).toMatch(new RegExp(`^curl -g -sS -i -X POST '${simulator.url}/[^']*' -u "ksippo:\\$GWS_PASSWORD"`));
      if (request?.body !== null) expect(result.curl).toContain(`--data-raw '${request?.body ?? ''}'`);
      expect(result.violations.map((v) => v.schemaLocation)).toContain(EXTRA_ATTRIBUTE_RULE);
      expect(result.docs).toContainEqual({ tag: 'RV852', url: 'https://enu.docs.genesys.com/Documentation:HTCC:API:ReturnValues:8.5.2' });
      const keys = result.violations.map((v) => `${v.kind} ${v.pointer} ${v.message} ${v.request ?? ''}`);
      expect(new Set(keys).size, 'each violation once').toBe(keys.length);
    }
    // A malformed-body contract shows the body it sent.
    const notJson = failed().find((r) => r.name.includes('a body that is not JSON'));
    expect(notJson?.exchange?.request?.body).toBeTruthy();
  });

  test('JSON: the failures are one cause, listing every contract', () => {
    expect(report.failureGroups).toHaveLength(1);
    expect(report.failureGroups[0]?.violation.schemaLocation).toBe(EXTRA_ATTRIBUTE_RULE);
    expect(report.failureGroups[0]?.contracts).toEqual(failed().map((r) => r.id));
  });

  test('terminal: a table and the cause once, no Markdown; summary.md has the cause with the list folded', () => {
    expect(cli.stdout).toMatch(/passed {2}failed {2}warnings/);
    expect(cli.stdout).not.toMatch(/^\|/m);
    expect(cli.stdout).toContain(`FAIL ${failed().length} contracts: response body /details: attribute not allowed`);
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain(`**${failed().length} contracts: response body /details: attribute not allowed`);
    expect(md).toMatch(/<details><summary>contracts<\/summary>/);
    expect(md).toContain('```sh\ncurl -g');
  });

  test('JUnit: suites named by operation, every failure with its request, curl line and schema rule', () => {
    const root = parseXml(readFileSync(join(dir, 'junit.xml'), 'utf8'));
    const suites = root.children.map((s) => s.attributes.get('name'));
    // One suite per operation the failed contracts are about, never a spec file's path.
    const operations = [...new Set(report.results.map((r) => r.operation).filter((o): o is string => o !== null))].sort();
    expect(suites.sort()).toEqual(operations);
    expect(suites).toEqual(expect.arrayContaining(['get-me', 'post-me', 'post-me-channels-voice']));
    expect(suites.some((name) => name?.includes('spec'))).toBe(false);
    const failures = root.children.flatMap((s) => s.children).flatMap((c) => c.children).filter((e) => e.name === 'failure');
    expect(failures).toHaveLength(failed().length);
    for (const failure of failures) {
      expect(failure.text).toContain(`schema rule ${EXTRA_ATTRIBUTE_RULE}`);
      expect(failure.text).toMatch(/Request:\nPOST http:\/\/127\.0\.0\.1:\d+\/api\/v2\//);
      expect(failure.text).toContain('curl -g -sS -i -X POST');
      expect(failure.text.match(/response body \/details: attribute not allowed/g)).toHaveLength(1);
    }
  });

  test('JUnit: the file of this run keeps every junit-10.xsd rule', () => {
    expect(junit10Violations(parseXml(readFileSync(join(dir, 'junit.xml'), 'utf8')))).toEqual([]);
  });

  test('HTML in headless Chromium: the cause, the failure, its request and curl line are visible; no console errors', async () => {
    const failure = failed()[0];
    const page = await renderPage(
      join(dir, 'contract-report.html'),
      `(() => {
        const text = document.body.innerText;
        const curl = document.querySelector('pre.curl');
        const box = curl ? curl.getBoundingClientRect() : null;
        return { text, curlVisible: !!curl && curl.checkVisibility() && box.width > 0 && box.height > 0, folded: document.querySelectorAll('details:not([open])').length };
      })()`,
    );
    expect(page.errors).toEqual([]);
    const { text, curlVisible, folded } = page.value as { text: string; curlVisible: boolean; folded: number };
    expect(text).toContain(`${failed().length} contracts: response body /details: attribute not allowed`);
    expect(text).toContain(failure?.name);
    expect(text).toContain(`POST ${failure?.exchange?.request?.url ?? '?'}`);
    expect(text).toContain(failure?.curl ?? '?');
    expect(text).toContain(EXTRA_ATTRIBUTE_RULE);
    expect(curlVisible).toBe(true);
    // The other contracts with the same cause are folded away, not printed again.
    expect(folded).toBe(1);
    expect(text.split(failed()[1]?.curl ?? '?')).toHaveLength(1);
    expect(page.screenshot.subarray(1, 4).toString()).toBe('PNG');
    // GWSCHECK_UPDATE_SCREENSHOT=1 refreshes the picture the README shows.
    if (process.env.GWSCHECK_UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      writeFileSync(join(ROOT, 'docs', 'report-failure.png'), page.screenshot);
    }
    expect(existsSync(join(ROOT, 'docs', 'report-failure.png'))).toBe(true);
  }, 90_000);
});

describe('a failed contract about an undocumented endpoint', () => {
  let warned: CliRun;
  let strict: CliRun;
  let server: RunningSimulator;
  beforeAll(async () => {
    // GET /me/skills is not in the GWS documentation: a server without it must not fail the gate.
    server = await listen(buildSimulator({ faults: [{ type: 'status-code', statusCode: 4, httpStatus: 500, route: '/me/skills', method: 'GET' }] }), { host: '127.0.0.1', port: 0 });
    const args = ['contract', '--base-url', server.url, '--username', 'ksippo', '--grep', '^get-me-skills: answers'];
    [warned, strict] = await Promise.all([
      runCli([...args, '--reports', join(work, 'warned')], { GWS_PASSWORD: '', CI: '1' }),
      runCli([...args, '--strict', '--reports', join(work, 'strict')], { GWS_PASSWORD: '', CI: '1' }),
    ]);
  }, 120_000);
  afterAll(() => server.close());

  test('is a warning in every report and the gate holds; with --strict it fails', () => {
    expect(warned.status, warned.stderr).toBe(0);
    expect(warned.stdout).toContain('WARN  get-me-skills: answers GET /me/skills');
    expect(warned.stdout).toContain('Warnings: endpoints the GWS documentation does not describe (--strict makes them fail):');
    const json = JSON.parse(readFileSync(join(work, 'warned', 'contract-report.json'), 'utf8')) as ContractReport;
    expect(json.summary).toMatchObject({ verdict: 'held', failed: 0, warnings: 1 });
    expect(json.results[0]?.outcome).toBe('warning');
    const xml = readFileSync(join(work, 'warned', 'junit.xml'), 'utf8');
    expect(xml).toContain('<system-out>warning (an endpoint the GWS documentation does not describe; --strict makes it fail)');
    expect(xml).not.toContain('<failure');
    expect(readFileSync(join(work, 'warned', 'contract-report.html'), 'utf8')).toContain('<h2>Warnings: endpoints the GWS documentation does not describe');
    expect(readFileSync(join(work, 'warned', 'summary.md'), 'utf8')).toContain('Warnings, endpoints the GWS documentation does not describe (a warning; --strict makes them fail): get-me-skills');
    expect(strict.status, strict.stderr).toBe(1);
    expect(strict.stdout).toContain('FAIL  get-me-skills: answers GET /me/skills');
  });
});

describe('junit-10.xsd rules', () => {
  const base: ContractResult = {
    id: 'a', name: 'get-me: answers', operation: 'get-me', tags: ['positive'], outcome: 'passed', message: null, violations: [], latencyMs: 3,
    durationMs: 1234567, attempts: 1, earlierFailures: [], exchange: null, curl: null, docs: [], file: 'specs/catalog.spec.ts',
  };
  const every: ContractReport = {
    schemaVersion: 2,
    tool: 'gwscheck',
    summary: { verdict: 'failed', total: 5, passed: 1, failed: 1, skipped: 1, flaky: 1, warnings: 1, target: 't', simulator: true, startedAt: '2026-12-01T00:00:00.000Z', durationMs: 4321, grep: null, tags: [] },
    results: [
      base,
      { ...base, id: 'b', outcome: 'failed', message: 'x', violations: [{ kind: 'schema', pointer: '/user', keyword: 'required', message: 'm <&>', grade: 'breaking' }], curl: "curl -g 'u'" },
      { ...base, id: 'c', outcome: 'skipped', message: 'admin credentials not configured' },
      { ...base, id: 'd', outcome: 'flaky', attempts: 3, earlierFailures: ['first\nwhole', 'second\nwhole'] },
      { ...base, id: 'e', operation: null, tags: ['unconfirmed'], outcome: 'warning', violations: [{ kind: 'schema', pointer: '', keyword: 'type', message: 'n', grade: 'breaking' }] },
      { ...base, id: 'f', operation: null, tags: [], violations: [{ kind: 'schema', pointer: '/x', keyword: 'additionalProperties', message: 'new', grade: 'additive' }] },
    ],
    drift: {
      additive: [],
      comparison: { baseline: 'old.json', baselineRecordedAt: 't', baselineVersion: null, compared: ['get-me'], operations: [{ operation: 'get-me', changes: [{ pointer: '/user/a', change: 'removed', grade: 'breaking', before: 'string', after: null }] }], notObserved: [], newlyObserved: [], breaking: 1, additive: 0 },
      recordedTo: null,
    },
  };

  test('a report with every outcome, drift and a --compare review renders within the schema', () => {
    const xml = renderJunit(every);
    expect(junit10Violations(parseXml(xml))).toEqual([]);
    expect(xml).toContain('<flakyFailure message="first" type="ContractViolation"><stackTrace>whole</stackTrace></flakyFailure>');
    expect(xml).toMatch(/<testsuites name="gwscheck contract" tests="6" failures="2" errors="0" time="4\.321">/);
  });

  test('the checker rejects what the xunit plugin rejects: properties in a testcase, skipped on testsuites, a bad time, a missing name', () => {
    const old = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="g" tests="1" failures="0" errors="0" skipped="0" time="1.000">
  <testsuite name="specs/catalog.spec.ts" tests="1" failures="0" errors="0" time="1s">
    <testcase classname="x" time="0.1"><properties><property name="tags" value="a"/></properties></testcase>
    <testcase name="y"><flakyFailure message="m"><system-out>o</system-out><stackTrace>s</stackTrace></flakyFailure></testcase>
  </testsuite>
</testsuites>
`;
    expect(junit10Violations(parseXml(old))).toEqual([
      '/testsuites: attribute skipped not allowed',
      '/testsuites/testsuite: time="1s" is not a SUREFIRE_TIME',
      '/testsuites/testsuite/testcase: required attribute name missing',
      '/testsuites/testsuite/testcase: <properties> not allowed inside <testcase>',
      '/testsuites/testsuite/testcase/flakyFailure: required attribute type missing',
      '/testsuites/testsuite/testcase/flakyFailure: <stackTrace> out of order or repeated',
    ]);
  });
});

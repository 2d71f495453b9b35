import { describeChange } from '../drift/index.ts';
import { writeReportFile } from './file.ts';
import type { ContractReport, ContractResult, Reporter } from './types.ts';

function xml(text: string): string {
  return (
    text
      // XML 1.0 forbids most control characters even when escaped.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** What a CI page shows for a failure: each violation once, with its rule; the exchange; a curl line; the docs. */
function failureBody(result: ContractResult): string {
  // The message repeats the violations; it is kept only when it says more (an error, the attempts).
  const lines = result.violations.length === 0 || result.attempts > 1 ? [result.message ?? '', ''] : [];
  for (const v of result.violations) {
    lines.push(`${v.grade} ${v.kind} ${v.pointer || '(body)'} [${v.keyword}]: ${v.message}`);
    if (v.schemaLocation !== undefined) lines.push(`  schema rule ${v.schemaLocation}`);
  }
  const ex = result.exchange;
  if (ex) {
    const request = ex.request;
    lines.push('', 'Request:', request !== undefined ? `${request.method} ${request.url}` : `${ex.method} ${ex.path}`);
    if (request !== undefined) {
      lines.push(...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`));
      if (request.body !== null) lines.push('', request.body);
    }
    lines.push('', `Response: HTTP ${ex.httpStatus ?? '-'} in ${ex.latencyMs} ms`);
    lines.push(typeof ex.body === 'string' ? ex.body : JSON.stringify(ex.body, null, 2));
  }
  if (result.curl !== null) lines.push('', 'Reproduce:', result.curl);
  if (result.docs.length > 0) lines.push('', `GWS documentation: ${result.docs.map((d) => `${d.tag} ${d.url}`).join(', ')}`);
  return lines.join('\n');
}

/** The line CI pages show for a failure: the deciding violations, else the message's first line. */
function headlineOf(result: ContractResult): string {
  // Under --strict an additive violation is what failed.
  const breaking = result.violations.filter((v) => v.grade === 'breaking').map((v) => v.message);
  const deciding = breaking.length > 0 ? breaking : result.violations.map((v) => v.message);
  return deciding.length > 0 ? deciding.join('; ') : ((result.message ?? '').split('\n')[0] ?? '');
}

const CHANGE_WORDS = { 'new-attribute': 'new attribute', 'new-enum-value': 'new value in an open list' } as const;

/** The additive drift a contract saw, for its system-out: what is new, where, and in which answer. */
function driftLines(result: ContractResult): string[] {
  const additive = result.violations.filter((v) => v.grade === 'additive');
  if (additive.length === 0) return [];
  const lines = additive.map((v) => {
    const change = v.keyword === 'enum' ? CHANGE_WORDS['new-enum-value'] : CHANGE_WORDS['new-attribute'];
    return `  ${change} ${v.pointer}${v.request !== undefined ? ` in ${v.request}` : ''}: ${v.message}`;
  });
  const why = result.outcome === 'failed' ? 'it fails the contract under --strict' : 'a warning; --strict makes it fail';
  return [`additive drift (${why}):`, ...[...new Set(lines)]];
}

/**
 * One contract as a testcase, with only what Jenkins' junit-10.xsd allows inside one: failure,
 * skipped, flakyFailure, system-out (no properties; tags and latency are in the JSON report).
 */
function testcase(result: ContractResult): string {
  const head = `    <testcase name="${xml(result.name)}" classname="${xml(suiteName(result))}" time="${seconds(result.durationMs)}"`;
  const inner: string[] = [];
  const out: string[] = [];
  if (result.outcome === 'failed') {
    inner.push(`      <failure message="${xml(headlineOf(result))}" type="ContractViolation">${xml(failureBody(result))}</failure>`);
  } else if (result.outcome === 'skipped') {
    inner.push(`      <skipped message="${xml(result.message ?? '')}"/>`);
  } else if (result.outcome === 'warning') {
    // Reported like additive drift: the testcase passes, its output says why it did not hold.
    out.push(`warning (an endpoint the GWS documentation does not describe; --strict makes it fail): ${headlineOf(result)}`, '', failureBody(result), '');
  }
  // Maven Surefire's element for a test that failed, then passed on a rerun (read by Jenkins and
  // GitLab): one per failed attempt, with no <failure> beside it. The first line of an earlier
  // failure is its headline; the rest is the whole message.
  if (result.outcome === 'flaky') {
    for (const earlier of result.earlierFailures) {
      const cut = earlier.indexOf('\n');
      const headline = cut < 0 ? earlier : earlier.slice(0, cut);
      const detail = cut < 0 ? earlier : earlier.slice(cut + 1);
      inner.push(`      <flakyFailure message="${xml(headline)}" type="ContractViolation"><stackTrace>${xml(detail)}</stackTrace></flakyFailure>`);
    }
  }
  out.push(...driftLines(result));
  if (out.length > 0) inner.push(`      <system-out>${xml(out.join('\n'))}</system-out>`);
  return inner.length === 0 ? `${head}/>` : `${head}>\n${inner.join('\n')}\n    </testcase>`;
}

/**
 * The --compare review as its own testsuite, so CI pages show it beside the contracts: one
 * testcase per operation compared, failed by a removed or retyped attribute (by any change under
 * --strict), with added attributes and new list values in its system-out.
 */
function comparisonSuite(report: ContractReport): { xml: string; tests: number; failures: number } | undefined {
  const comparison = report.drift?.comparison ?? null;
  if (comparison === null) return undefined;
  const strict = report.summary.strict === true;
  let failures = 0;
  const cases = comparison.compared.map((operation) => {
    const changes = comparison.operations.find((o) => o.operation === operation)?.changes ?? [];
    const failing = changes.filter((c) => strict || c.grade === 'breaking');
    const warnings = changes.filter((c) => !failing.includes(c));
    const inner: string[] = [];
    if (failing.length > 0) {
      failures += 1;
      const lines = failing.map((c) => describeChange(operation, c));
      inner.push(`      <failure message="${xml(lines.join('; '))}" type="ShapeChange">${xml(lines.join('\n'))}</failure>`);
    }
    if (warnings.length > 0) inner.push(`      <system-out>${xml(['additive (a warning; --strict makes it fail):', ...warnings.map((c) => `  ${describeChange(operation, c)}`)].join('\n'))}</system-out>`);
    const head = `    <testcase name="${xml(`${operation}: shape unchanged since ${comparison.baseline}`)}" classname="${xml(operation)}" time="0.000"`;
    return inner.length === 0 ? `${head}/>` : `${head}>\n${inner.join('\n')}\n    </testcase>`;
  });
  const suite = [
    `  <testsuite name="${xml(`shape comparison with ${comparison.baseline}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="0.000" timestamp="${xml(report.summary.startedAt)}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
  return { xml: suite, tests: cases.length, failures };
}

/** A contract's suite: its operation, else its first tag (notifications, security), else the gate. */
function suiteName(result: ContractResult): string {
  return result.operation ?? result.tags[0] ?? 'gwscheck';
}

/**
 * JUnit XML as Surefire writes it, within Jenkins' junit-10.xsd: one testsuite per operation, one
 * testcase per contract. A flaky contract carries Surefire's flakyFailure elements (the XSD
 * allows them; readers that do not know them see a passed test).
 */
export function renderJunit(report: ContractReport): string {
  const bySuite = new Map<string, ContractResult[]>();
  for (const result of report.results) {
    const list = bySuite.get(suiteName(result)) ?? [];
    list.push(result);
    bySuite.set(suiteName(result), list);
  }
  const { summary } = report;
  const suites = [...bySuite.entries()].map(([name, results]) => {
    const failures = results.filter((r) => r.outcome === 'failed').length;
    const skipped = results.filter((r) => r.outcome === 'skipped').length;
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    return [
      `  <testsuite name="${xml(name)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}" timestamp="${xml(summary.startedAt)}">`,
      ...results.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const comparison = comparisonSuite(report);
  if (comparison !== undefined) suites.push(comparison.xml);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gwscheck contract" tests="${summary.total + (comparison?.tests ?? 0)}" failures="${summary.failed + (comparison?.failures ?? 0)}" errors="0" time="${seconds(summary.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export const junitReporter: Reporter = {
  name: 'junit',
  async write(report, context) {
    return [await writeReportFile(context, 'junit.xml', renderJunit(report))];
  },
};

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeChange } from '../drift/index.ts';
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

function failureBody(result: ContractResult): string {
  const lines = result.violations.map((v) => `${v.grade} ${v.kind} ${v.pointer || '(body)'} [${v.keyword}]: ${v.message}`);
  if (result.exchange) {
    lines.push('', `${result.exchange.method} ${result.exchange.path} -> HTTP ${result.exchange.httpStatus ?? '-'} in ${result.exchange.latencyMs} ms`);
    lines.push(typeof result.exchange.body === 'string' ? result.exchange.body : JSON.stringify(result.exchange.body, null, 2));
  }
  return lines.join('\n');
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

function testcase(result: ContractResult): string {
  const head = `    <testcase name="${xml(result.name)}" classname="${xml(result.operation ?? result.file)}" time="${seconds(result.durationMs)}"`;
  const inner: string[] = [];
  const message = result.message ?? '';
  if (result.outcome === 'failed') {
    // CI pages show the message attribute as one line: the violations, else the message's first line.
    // Under --strict an additive violation is what failed.
    const breaking = result.violations.filter((v) => v.grade === 'breaking').map((v) => v.message);
    const deciding = breaking.length > 0 ? breaking : result.violations.map((v) => v.message);
    const headline = deciding.length > 0 ? deciding.join('; ') : (message.split('\n')[0] ?? '');
    inner.push(`      <failure message="${xml(headline)}" type="ContractViolation">${xml(`${message}\n\n${failureBody(result)}`)}</failure>`);
  } else if (result.outcome === 'skipped') {
    inner.push(`      <skipped message="${xml(message)}"/>`);
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
  inner.push(`      <properties><property name="tags" value="${xml(result.tags.join(','))}"/><property name="attempts" value="${result.attempts}"/>${result.latencyMs === null ? '' : `<property name="latencyMs" value="${result.latencyMs}"/>`}</properties>`);
  const drift = driftLines(result);
  if (drift.length > 0) inner.push(`      <system-out>${xml(drift.join('\n'))}</system-out>`);
  return `${head}>\n${inner.join('\n')}\n    </testcase>`;
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

/** JUnit XML as Surefire writes it: one testsuite per spec file, one testcase per contract. */
export function renderJunit(report: ContractReport): string {
  const byFile = new Map<string, ContractResult[]>();
  for (const result of report.results) {
    const list = byFile.get(result.file) ?? [];
    list.push(result);
    byFile.set(result.file, list);
  }
  const { summary } = report;
  const suites = [...byFile.entries()].map(([file, results]) => {
    const failures = results.filter((r) => r.outcome === 'failed').length;
    const skipped = results.filter((r) => r.outcome === 'skipped').length;
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    return [
      `  <testsuite name="${xml(file)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}" timestamp="${xml(summary.startedAt)}">`,
      ...results.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const comparison = comparisonSuite(report);
  if (comparison !== undefined) suites.push(comparison.xml);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gwscheck contract" tests="${summary.total + (comparison?.tests ?? 0)}" failures="${summary.failed + (comparison?.failures ?? 0)}" errors="0" skipped="${summary.skipped}" time="${seconds(summary.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export const junitReporter: Reporter = {
  name: 'junit',
  async write(report, context) {
    await mkdir(context.dir, { recursive: true });
    const file = join(context.dir, 'junit.xml');
    await writeFile(file, renderJunit(report));
    return [file];
  },
};

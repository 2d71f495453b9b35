import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

function testcase(result: ContractResult): string {
  const head = `    <testcase name="${xml(result.name)}" classname="${xml(result.operation ?? result.file)}" time="${seconds(result.durationMs)}"`;
  const inner: string[] = [];
  const message = result.message ?? '';
  if (result.outcome === 'failed') {
    // CI pages show the message attribute as one line: the violations, else the message's first line.
    const breaking = result.violations.filter((v) => v.grade === 'breaking').map((v) => v.message);
    const headline = breaking.length > 0 ? breaking.join('; ') : (message.split('\n')[0] ?? '');
    inner.push(`      <failure message="${xml(headline)}" type="ContractViolation">${xml(`${message}\n\n${failureBody(result)}`)}</failure>`);
  } else if (result.outcome === 'skipped') {
    inner.push(`      <skipped message="${xml(message)}"/>`);
  }
  // Maven Surefire's element for a test that failed, then passed on a rerun (read by Jenkins and GitLab).
  for (const earlier of result.earlierFailures) {
    inner.push(`      <flakyFailure message="${xml(earlier.split('\n')[0] ?? '')}" type="ContractViolation">${xml(earlier)}</flakyFailure>`);
  }
  inner.push(`      <properties><property name="tags" value="${xml(result.tags.join(','))}"/><property name="attempts" value="${result.attempts}"/>${result.latencyMs === null ? '' : `<property name="latencyMs" value="${result.latencyMs}"/>`}</properties>`);
  return `${head}>\n${inner.join('\n')}\n    </testcase>`;
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
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gwscheck contract" tests="${summary.total}" failures="${summary.failed}" errors="0" skipped="${summary.skipped}" time="${seconds(summary.durationMs)}">`,
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

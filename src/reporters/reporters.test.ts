import { describe, expect, test } from 'vitest';
import { redactReport, renderHtml, renderJunit, renderMarkdown, type ContractReport, type ContractResult } from './index.ts';

const result = (over: Partial<ContractResult>): ContractResult => ({
  id: 'get-me-answers',
  name: 'get-me: answers GET /me as the catalog says',
  operation: 'get-me',
  tags: ['positive', 'read-only'],
  outcome: 'passed',
  message: null,
  violations: [],
  latencyMs: 12,
  durationMs: 15,
  attempts: 1,
  earlierFailures: [],
  exchange: null,
  file: 'specs/catalog.spec.ts',
  ...over,
});

const failed = result({
  id: 'get-me-fails',
  name: 'get-me: refuses a wrong password with statusCode 20',
  outcome: 'failed',
  message: 'GET /me -> HTTP 200\n  - statusCode 0, expected 20 (Authorization: Basic a3NpcHBvOmh1bnRlcjI=)',
  violations: [{ kind: 'status-code', pointer: '/statusCode', keyword: 'statusCode', message: 'statusCode 0, expected 20 for hunter2', grade: 'breaking' }],
  exchange: { method: 'GET', path: '/me?x=<&>', httpStatus: 200, contentType: 'application/json', body: { statusCode: 0, user: { userName: 'ksippo', password: 'hunter2' } }, latencyMs: 3 },
});

const report: ContractReport = {
  schemaVersion: 1,
  tool: 'gwscheck',
  summary: { verdict: 'failed', total: 3, passed: 1, failed: 1, skipped: 1, flaky: 0, target: 'http://gws/api/v2', simulator: false, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1234, grep: null, tags: [] },
  results: [result({}), failed, result({ id: 's', name: 'get-skills: answers', outcome: 'skipped', message: 'admin credentials not configured' })],
};

describe('redactReport', () => {
  test('masks the password, its Basic encoding and password attributes, and keeps everything else', () => {
    const redacted = redactReport(report, { passwords: ['hunter2'], pairs: [{ username: 'ksippo', password: 'hunter2' }] });
    const text = JSON.stringify(redacted);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('a3NpcHBvOmh1bnRlcjI=');
    expect(redacted.results[1]?.name).toBe(failed.name);
    expect(redacted.results[1]?.exchange?.body).toEqual({ statusCode: 0, user: { userName: 'ksippo', password: '***' } });
  });
});

describe('renderers', () => {
  test('JUnit: one testcase per contract, the violation in the failure, the skip reason, escaped text', () => {
    const xml = renderJunit(redactReport(report, { passwords: ['hunter2'] }));
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('<failure message="statusCode 0, expected 20 for ***" type="ContractViolation">');
    expect(xml).toContain('statusCode 0, expected 20');
    expect(xml).toContain('<skipped message="admin credentials not configured"/>');
    expect(xml).toContain('/me?x=&lt;&amp;&gt;');
  });

  test('JUnit: a contract that passed on a retry gets Surefire flakyFailure elements', () => {
    const flaky = renderJunit({ ...report, results: [result({ outcome: 'flaky', attempts: 2, earlierFailures: ['timed out\nafter 5000 ms'] })] });
    expect(flaky).toContain('<flakyFailure message="timed out" type="ContractViolation">timed out\nafter 5000 ms</flakyFailure>');
  });

  test('HTML: failures first, the offending value marked', () => {
    const html = renderHtml(report);
    expect(html.indexOf('<h2>Failures</h2>')).toBeLessThan(html.indexOf('<h2>Contracts</h2>'));
    expect(html).toMatch(/<mark title="violation at \/statusCode">0<\/mark>/);
  });

  test('Markdown: verdict, counts, failed contracts', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('1 contract(s) failed');
    expect(md).toContain('| 1 | 1 | 0 | 1 | 3 | 1.2 s |');
    expect(md).toContain('| get-me: refuses a wrong password with statusCode 20 |');
  });
});

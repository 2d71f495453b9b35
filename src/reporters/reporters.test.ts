import { describe, expect, test } from 'vitest';
import { curlCommand, escapeHtml, exchangeText, failureSection, redactReport, type ContractReport, type ContractResult, type ReportedExchange } from './index.ts';
import { requestText } from './exchange-text.ts';
import { groupFailures } from './groups.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderTerminal } from './terminal.ts';

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
  curl: null,
  docs: [],
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
  schemaVersion: 2,
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

describe('redactReport: drift', () => {
  test('scans the drift section too: attribute names and list values come from the server', () => {
    const drifted: ContractReport = {
      ...report,
      drift: { additive: [{ operation: 'get-me', change: 'new-enum-value', pointer: '/user/roles/0', message: 'new value "hunter2" in an open list', requests: ['GET /me'], contracts: ['c'] }], comparison: null, recordedTo: null },
    };
    expect(JSON.stringify(redactReport(drifted, { passwords: ['hunter2'] }).drift)).not.toContain('hunter2');
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

  test('JUnit: a contract that passed on a retry gets Surefire flakyFailure elements and no failure', () => {
    const flaky = renderJunit({ ...report, results: [result({ outcome: 'flaky', attempts: 2, earlierFailures: ['statusCode 4, expected 0\nGET /me -> HTTP 500\n  - statusCode 4, expected 0'] })] });
    expect(flaky).toContain('<flakyFailure message="statusCode 4, expected 0" type="ContractViolation"><stackTrace>GET /me -&gt; HTTP 500\n  - statusCode 4, expected 0</stackTrace></flakyFailure>');
    expect(flaky).not.toContain('<failure');
  });

  test('JUnit: additive drift goes to system-out with the pointer and the request', () => {
    const drifted = result({ violations: [{ kind: 'schema', pointer: '/user/newAttribute', keyword: 'additionalProperties', message: 'response body /user/newAttribute: attribute not in the schema (additive drift)', grade: 'additive', request: 'GET /me' }] });
    const xml = renderJunit({ ...report, results: [drifted] });
    expect(xml).toMatch(/<system-out>additive drift \(a warning; --strict makes it fail\):\n {2}new attribute \/user\/newAttribute in GET \/me: /);
    expect(xml).not.toContain('<failure');
  });

  test('HTML: failures first, the offending value marked', () => {
    const html = renderHtml(report);
    expect(html.indexOf('<h2>Failures</h2>')).toBeLessThan(html.indexOf('<h2>Contracts</h2>'));
    expect(html).toMatch(/<mark title="violation at \/statusCode">0<\/mark>/);
  });

  test('drift: HTML and Markdown list additive findings and the changes since a record', () => {
    const drifted: ContractReport = {
      ...report,
      summary: { ...report.summary, verdict: 'failed', reasons: ['1 attribute(s) removed or retyped since old.json'], additiveDrift: 1 },
      drift: {
        additive: [{ operation: 'get-me', change: 'new-attribute', pointer: '/user/newAttribute', message: 'm', requests: ['GET /me'], contracts: ['c'] }],
        comparison: {
          baseline: 'old.json', baselineRecordedAt: 't', baselineVersion: '8.5.2', compared: ['get-me', 'get-devices'],
          operations: [{ operation: 'get-me', changes: [{ pointer: '/user/enabled', change: 'retyped', grade: 'breaking', before: 'boolean', after: 'string' }] }],
          notObserved: ['get-skills'], newlyObserved: [], breaking: 1, additive: 0,
        },
        recordedTo: null,
      },
    };
    const html = renderHtml(drifted);
    expect(html).toContain('<h2>Drift</h2>');
    expect(html).toContain('<code>/user/newAttribute</code>');
    expect(html).toMatch(/<td>retyped<\/td><td>get-me<\/td><td><code>\/user\/enabled<\/code><\/td><td>boolean<\/td><td>string<\/td>/);
    const md = renderMarkdown(drifted);
    expect(md).toContain('1 attribute(s) removed or retyped since old.json');
    expect(md).toContain('| get-me | attribute | /user/newAttribute | GET /me |');
    expect(md).toContain('- breaking: get-me: retyped /user/enabled from boolean to string');
    expect(md).toContain('Not observed in this run: get-skills');
    const junit = renderJunit(drifted);
    expect(junit).toContain('<testsuite name="shape comparison with old.json" tests="2" failures="1"');
    expect(junit).toContain('<failure message="get-me: retyped /user/enabled from boolean to string" type="ShapeChange">');
    expect(junit).toContain('<testcase name="get-devices: shape unchanged since old.json" classname="get-devices" time="0.000"/>');
    expect(junit).toContain('<testsuites name="gwscheck contract" tests="5" failures="2"');
  });

  test('Markdown: verdict, counts, failed contracts', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('1 contract(s) failed');
    expect(md).toContain('| 1 | 1 | 0 | 0 | 1 | 3 | 1.2 s |');
    expect(md).toContain('**1 contract: statusCode 0, expected 20 for hunter2**');
    expect(md).toContain('- get-me: refuses a wrong password with statusCode 20');
  });
});

describe('curlCommand', () => {
  test('-g, method, URL, the password as a variable, headers, body; shell-quoted', () => {
    const line = curlCommand({
      method: 'POST',
      url: "http://gws/api/v2/me?fields=a,b&x={1}",
      headers: { Accept: 'application/json', Authorization: 'Basic ***', Cookie: 'JSESSIONID=***', 'X-CSRF-TOKEN': '***', 'Content-Type': 'application/json' },
      body: `{"operationName":"it's"}`,
      credentials: { username: 'o"neil$', passwordVariable: 'GWS_ADMIN_PASSWORD' },
    });
    expect(line).toBe(
      `curl -g -sS -i -X POST 'http://gws/api/v2/me?fields=a,b&x={1}' -u "o\\"neil\\$:$GWS_ADMIN_PASSWORD" -H 'Accept: application/json' -b "JSESSIONID=$JSESSIONID" -H "X-CSRF-TOKEN: $CSRF_TOKEN" -H 'Content-Type: application/json' --data-raw '{"operationName":"it'\\''s"}'`,
    );
  });

  test('no credentials: no -u', () => {
    expect(curlCommand({ method: 'GET', url: 'http://gws/api/v2/diagnostics/version', headers: {}, body: null, credentials: null })).toBe("curl -g -sS -i -X GET 'http://gws/api/v2/diagnostics/version'");
  });
});

describe('grouping and the terminal', () => {
  const cause = { kind: 'envelope', pointer: '/details', keyword: 'additionalProperties', message: 'response body /details: attribute not allowed', grade: 'breaking', schemaLocation: 'e.json#/additionalProperties' } as const;
  const many: ContractReport = {
    ...report,
    summary: { ...report.summary, failed: 3, warnings: 1 },
    results: [
      result({ id: 'a', name: 'post-me: a', outcome: 'failed', violations: [cause] }),
      result({ id: 'b', name: 'get-me: b', outcome: 'failed', violations: [{ kind: 'latency', keyword: 'latency', pointer: '', message: 'slow', grade: 'breaking' }] }),
      result({ id: 'c', name: 'post-me-channels-voice: c', outcome: 'failed', violations: [{ ...cause, grade: 'additive', message: 'extra' }, cause] }),
      result({ id: 'w', name: 'get-me-skills: answers', tags: ['unconfirmed'], outcome: 'warning', violations: [{ kind: 'http-status', pointer: '', keyword: 'x', message: 'HTTP 404', grade: 'breaking' }] }),
    ],
  };

  test('failures with the same deciding violation form one group, largest first', () => {
    expect(groupFailures(many.results).map((g) => [g.violation.message, g.contracts])).toEqual([
      ['response body /details: attribute not allowed', ['a', 'c']],
      ['slow', ['b']],
    ]);
  });

  test('terminal: a table, causes with their contracts, warnings and skip reasons; no Markdown', () => {
    const text = renderTerminal(many, false);
    expect(text).toContain('  passed  failed  warnings  flaky  skipped  total   time\n       1       3         1      0        1      3  1.2 s');
    expect(text).toContain('FAIL 2 contracts: response body /details: attribute not allowed\n       schema rule e.json#/additionalProperties\n       - post-me: a\n       - post-me-channels-voice: c');
    expect(text).toContain('WARN get-me-skills: answers: HTTP 404');
    expect(text).not.toMatch(/^\|/m);
    expect(text).not.toContain('\u001b');
    expect(renderTerminal(many, true)).toContain('\u001b[31mFAIL\u001b[0m 2 contracts');
  });

  test('HTML: each violation once, the warning in its own section', () => {
    const html = renderHtml(many);
    expect(html.match(/response body \/details: attribute not allowed<\/li>|attribute not allowed<br>/g)?.length).toBe(2);
    expect(html).toContain('<h3 class="cause">2 contracts: response body /details: attribute not allowed</h3>');
    expect(html).toContain('<details><summary>1 more contract with this cause</summary>');
    expect(html).toMatch(/<h2>Warnings: endpoints the GWS documentation does not describe \(a warning; --strict makes them fail\)<\/h2>\n<section class="warning" id="w">/);
  });
});

describe('a request and its answer as text, and the failed contract\'s section', () => {
  const exchange: ReportedExchange = {
    request: {
      method: 'POST',
      url: 'http://gws/api/v2/me/channels/voice',
      headers: { authorization: 'Basic ***', 'content-type': 'application/json' },
      body: '{"operationName":"Ready"}',
      credentials: { username: 'agent', passwordVariable: 'GWS_PASSWORD' },
    },
    method: 'POST',
    path: '/me/channels/voice',
    httpStatus: 502,
    contentType: 'text/html',
    body: '<html><body>Bad gateway <b>upstream',
    latencyMs: 41.7,
    responseHeaders: { 'content-type': 'text/html', 'x-upstream': 'gws-2 <down>' },
    bodyTruncated: { shownBytes: 36, totalBytes: 90_000 },
  };

  test('exchangeText: the request line, headers and body as sent, then the status line, headers, body and how much was cut', () => {
    expect(exchangeText(exchange)).toBe(
      [
        'Request',
        'POST http://gws/api/v2/me/channels/voice',
        'authorization: Basic ***',
        'content-type: application/json',
        '',
        '{"operationName":"Ready"}',
        '',
        'Response',
        'HTTP 502 Bad Gateway',
        'content-type: text/html',
        'x-upstream: gws-2 <down>',
        '',
        '<html><body>Bad gateway <b>upstream',
        '[body cut: first 36 of 90000 bytes]',
      ].join('\n'),
    );
  });

  test('exchangeText: no answer, and an exchange recorded without its request or headers', () => {
    const bare = { ...exchange, request: undefined, responseHeaders: undefined, bodyTruncated: undefined };
    expect(exchangeText({ ...bare, httpStatus: null, contentType: null, body: null, latencyMs: 5000 })).toBe('Request\nPOST /me/channels/voice\n\nResponse\nno response after 5000 ms');
    expect(exchangeText({ ...bare, httpStatus: 200, contentType: 'application/json', body: { statusCode: 0 } })).toBe('Request\nPOST /me/channels/voice\n\nResponse\nHTTP 200 OK\ncontent-type: application/json\n\n{\n  "statusCode": 0\n}');
  });

  test('failureSection: the request in the same text, the response headers, and that the body was cut', () => {
    const html = failureSection(result({ id: 'x', name: 'post-me-channels-voice: Ready', outcome: 'failed', exchange, violations: [{ kind: 'http-status', pointer: '', keyword: 'httpStatus', message: 'HTTP 502', grade: 'breaking' }] }));
    if (exchange.request === undefined) throw new Error('the exchange has no request');
    expect(html).toContain(`<pre class="request">${escapeHtml(requestText(exchange.request))}</pre>`);
    expect(exchangeText(exchange).startsWith(`Request\n${requestText(exchange.request)}\n`)).toBe(true);
    expect(html).toContain('<pre class="headers">content-type: text/html\nx-upstream: gws-2 &lt;down&gt;</pre>');
    expect(html).toContain('<p class="res">HTTP 502, text/html, 42 ms</p>');
    expect(html).toContain('<pre class="json">&lt;html&gt;&lt;body&gt;Bad gateway &lt;b&gt;upstream</pre><p class="cut">Body cut: first 36 of 90000 bytes.</p>');
  });

  test('failureSection: no headers or cut note where none was recorded (the gate\'s exchanges)', () => {
    const gate = { ...exchange, responseHeaders: undefined, bodyTruncated: undefined };
    const html = failureSection(result({ id: 'x', outcome: 'failed', exchange: gate }));
    expect(html).not.toContain('class="headers"');
    expect(html).not.toContain('class="cut"');
  });

  test('failureSection: an exchange without an answer says so, and shows no body', () => {
    const html = failureSection(result({ id: 'x', outcome: 'failed', exchange: { ...exchange, httpStatus: null, contentType: null, body: null, latencyMs: 5000, responseHeaders: undefined, bodyTruncated: undefined } }));
    expect(html).toContain('<h4>Response</h4><p class="res">No response after 5000 ms.</p>');
    expect(html).not.toContain('<pre class="json">');
  });
});

import { describe, expect, it } from 'vitest';
import type { ReportedExchange } from '../reporters/index.ts';
import { debugText, runDocs } from './debug-text.ts';
import type { ProbeResult } from './types.ts';

const TIMINGS = { connect: 0.0012, tls: 0, processing: 0.0104, transfer: 0.0009, total: 0.0125 };

const exchange: ReportedExchange = {
  request: {
    method: 'GET',
    url: 'http://gws.example/api/v2/me?fields=*',
    headers: { accept: 'application/json', authorization: 'Basic ***' },
    body: null,
    credentials: { username: 'probe-user', passwordVariable: 'GWS_PASSWORD' },
  },
  method: 'GET',
  path: '/me?fields=*',
  httpStatus: 200,
  contentType: 'application/json',
  body: { statusCode: 0, user: { enabled: 'yes' } },
  latencyMs: 12.5,
  responseHeaders: { 'content-type': 'application/json', 'set-cookie': 'JSESSIONID=***; Path=/' },
};

const failed: ProbeResult = {
  target: 'gws-a',
  probe: 'get-me',
  kind: 'operation',
  ok: false,
  outcome: 'schema_violation',
  statusCode: 0,
  responded: true,
  durationMs: 12.5,
  timings: TIMINGS,
  violations: [
    {
      kind: 'schema',
      pointer: '/user/enabled',
      keyword: 'type',
      message: 'response body /user/enabled: must be boolean [src: USERRES]',
      grade: 'breaking',
      schemaLocation: 'https://gwscheck.example/schemas/me.json#/properties/user/properties/enabled/type',
    },
  ],
  startedAt: 0,
  runId: 'r7-k2',
  exchange,
};

describe('debugText', () => {
  it('a failed run: what it found, the documentation, the request and response, and a curl line', () => {
    const text = debugText(failed, runDocs('GET /me [MAR]', failed));
    expect(text).toBe(
      [
        'target: gws-a',
        'probe: get-me',
        'run: r7-k2',
        'outcome: schema_violation',
        'reason: schema',
        'duration: 13 ms',
        'statusCode: 0',
        'timings: connect 1.2 ms, tls 0 ms, processing 10 ms, transfer 0.9 ms, total 13 ms',
        '',
        'Violations (1)',
        '- /user/enabled [type, breaking]: response body /user/enabled: must be boolean [src: USERRES]',
        '  schema rule https://gwscheck.example/schemas/me.json#/properties/user/properties/enabled/type',
        '',
        'GWS documentation',
        '- MAR: https://enu.docs.genesys.com/Documentation/GWS/8.5.2/API/MakingaRequest',
        '- USERRES: https://enu.docs.genesys.com/Documentation/GWS/8.5.2/API/UsersResource',
        '',
        'Request',
        'GET http://gws.example/api/v2/me?fields=*',
        'accept: application/json',
        'authorization: Basic ***',
        '',
        'Response',
        'HTTP 200 OK',
        'content-type: application/json',
        'set-cookie: JSESSIONID=***; Path=/',
        '',
        '{',
        '  "statusCode": 0,',
        '  "user": {',
        '    "enabled": "yes"',
        '  }',
        '}',
        '',
        'Reproduce',
        `curl -g -sS -i -X GET 'http://gws.example/api/v2/me?fields=*' -u "probe-user:$GWS_PASSWORD" -H 'accept: application/json'`,
        '',
      ].join('\n'),
    );
  });

  it('a run without an answer: no response, the error, the request as sent', () => {
    const timedOut: ProbeResult = {
      ...failed,
      outcome: 'timeout',
      statusCode: null,
      responded: false,
      violations: [],
      error: 'no complete response within 5000 ms',
      exchange: { ...exchange, httpStatus: null, contentType: null, body: null, latencyMs: 5000, responseHeaders: undefined },
    };
    const text = debugText(timedOut, []);
    expect(text).toContain('reason: timeout\n');
    expect(text).toContain('statusCode: none\n');
    expect(text).toContain('error: no complete response within 5000 ms\n');
    expect(text).toContain('Violations: none\n');
    expect(text).toContain('GWS documentation: none cited\n');
    expect(text).toContain('Response\nno response after 5000 ms\n');
    expect(text).toContain('Request\nGET http://gws.example/api/v2/me?fields=*\n');
  });

  it('a cut body says how much of it is shown', () => {
    const cut: ProbeResult = { ...failed, exchange: { ...exchange, body: '{"statusCode":0,"big":"xxx', bodyTruncated: { shownBytes: 26, totalBytes: 40_000 } } };
    expect(debugText(cut, [])).toContain('\n{"statusCode":0,"big":"xxx\n[body cut: first 26 of 40000 bytes]\n');
  });

  it('a failed run with nothing sent says so', () => {
    const text = debugText({ ...failed, exchange: undefined, outcome: 'http_error', violations: [], error: 'request not sent: URL too long' }, []);
    expect(text).toContain('reason: request_not_sent\n');
    expect(text).toContain('Request: not recorded\n');
    expect(text).not.toContain('curl');
  });

  it('a run that held: one line, then the timings', () => {
    expect(debugText({ ...failed, exchange: undefined, ok: true, outcome: 'success', violations: [] }, [])).toBe(
      'gws-a get-me (run r7-k2) held: success, statusCode 0, 13 ms\ntimings: connect 1.2 ms, tls 0 ms, processing 10 ms, transfer 0.9 ms, total 13 ms\n',
    );
  });

  it('a run that found nothing to probe says why, in one line', () => {
    expect(debugText({ ...failed, exchange: undefined, runId: undefined, outcome: 'not_applicable', violations: [], error: 'the probe user has no voice channel' }, [])).toBe(
      'gws-a get-me does not apply: the probe user has no voice channel\n',
    );
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule } from '../../config/index.ts';
import type { Operation } from '../../contracts/index.ts';
import type { ProbeInfo } from '../plan.ts';
import type { ProbeResult } from '../types.ts';
import { createRunRecorder, type RunHistory } from './history.ts';
import { probeRunsHtml, probesHtml } from './html.ts';
import { resultsPages } from './pages.ts';
import { runIds } from './run-ids.ts';
import { probeRunsJson, probesJson, type ProbeRunsView, type ProbeSummaryView } from './views.ts';

const settings = { schedule: parseSchedule('15s', 'interval'), timeoutMs: 1000 };
const EVIL = '<script>alert("x")</script>&';
const PROBES: ProbeInfo[] = [
  { target: EVIL, probe: 'get-me', kind: 'operation', settings, intervalSeconds: 15 },
  { target: 'gws-b', probe: 'get-me', kind: 'operation', settings, intervalSeconds: 15 },
];
const CATALOG = [{ id: 'get-me', summary: 'The current user [MAR]' } as Operation];

function run(target: string, fields: Partial<ProbeResult>): ProbeResult {
  return { target, probe: 'get-me', kind: 'operation', ok: true, outcome: 'success', statusCode: 0, responded: true, durationMs: 7, violations: [], startedAt: Date.UTC(2026, 0, 2, 3, 4, 5), ...fields };
}

function history(detailBytes = 1024 * 1024): RunHistory {
  const r = createRunRecorder({ probes: PROBES, settings: { runs: 5, detailBytes }, redactFor: () => (t) => t, ids: runIds('abcdef') });
  r.record(run(EVIL, {}));
  r.record(
    run(EVIL, {
      ok: false,
      outcome: 'status_code_error',
      statusCode: 4,
      violations: [{ kind: 'status-code', pointer: '', keyword: 'statusCode', message: `statusCode 4 ("${EVIL}"), expected 0`, grade: 'breaking' }],
      exchange: {
        request: { method: 'GET', url: 'http://gws/api/v2/me', headers: { accept: 'application/json' }, body: null, credentials: { username: 'probe', passwordVariable: 'GWS_PASSWORD' } },
        method: 'GET',
        path: '/me',
        httpStatus: 200,
        contentType: 'application/json',
        body: { statusCode: 4, statusMessage: EVIL },
        latencyMs: 7,
      },
    }),
  );
  r.record(run('gws-b', { ok: false, outcome: 'not_applicable', error: 'no device' }));
  return r.history as RunHistory;
}

const lookup = (id: string): Operation | undefined => CATALOG.find((o) => o.id === id);

describe('the results pages', () => {
  it('/probes: a row per probe with its last outcome and a timeline linking each run; every value escaped', () => {
    const html = [...probesHtml(history())].join('');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(html).toContain(`href="probes/${encodeURIComponent(EVIL)}/get-me"`);
    expect(html).toContain('status_code_error (status_code)');
    expect(html.match(/href="runs\/abcdef-\d+"/g)).toHaveLength(3);
    expect(html).toContain('title="2026-01-02T03:04:05.000Z success"');
  });

  it('/probes as JSON: the documented shape', () => {
    const view = JSON.parse([...probesJson(history())].join('')) as { runsKept: number; probes: ProbeSummaryView[] };
    expect(view.runsKept).toBe(5);
    expect(view.probes[0]).toEqual({
      target: EVIL,
      probe: 'get-me',
      kind: 'operation',
      intervalSeconds: 15,
      lastRun: { id: 'abcdef-2', startedAt: '2026-01-02T03:04:05.000Z', outcome: 'status_code_error', ok: false, reason: 'status_code' },
      lastSuccessAt: '2026-01-02T03:04:05.000Z',
      lastFailureAt: '2026-01-02T03:04:05.000Z',
      recent: [
        { id: 'abcdef-1', startedAt: '2026-01-02T03:04:05.000Z', outcome: 'success', ok: true },
        { id: 'abcdef-2', startedAt: '2026-01-02T03:04:05.000Z', outcome: 'status_code_error', ok: false },
      ],
    });
    expect(view.probes[1]?.lastRun).toMatchObject({ outcome: 'not_applicable', reason: null });
  });

  it('/probes shows the last 20 runs at most, however many are kept; the probe\'s page all of them', () => {
    const r = createRunRecorder({ probes: PROBES.slice(1), settings: { runs: 25, detailBytes: 0 }, redactFor: () => (t) => t, ids: runIds('abcdef') });
    for (let i = 0; i < 30; i += 1) r.record(run('gws-b', { startedAt: i }));
    const h = r.history as RunHistory;
    const view = JSON.parse([...probesJson(h)].join('')) as { probes: ProbeSummaryView[] };
    expect(view.probes[0]?.recent.map((x) => x.id)).toEqual(Array.from({ length: 20 }, (_, i) => `abcdef-${(i + 11).toString(36)}`));
    expect([...probesHtml(h)].join('').match(/href="runs\//g)).toHaveLength(20);
    expect(h.probe('gws-b', 'get-me')?.runs).toHaveLength(25);
  });

  it('a probe\'s page: each run by its id, a failed one as the gate report shows a failed contract', () => {
    const h = history();
    const record = h.probe(EVIL, 'get-me');
    if (record === undefined) throw new Error('no record');
    const html = [...probeRunsHtml(record, h.runsKept, lookup)].join('');
    expect(html).not.toContain('<script');
    expect(html).toContain('id="run-abcdef-1"');
    expect(html).toContain('id="run-abcdef-2"');
    expect(html.indexOf('id="run-abcdef-2"')).toBeLessThan(html.indexOf('id="run-abcdef-1"'));
    expect(html).toContain('<h3>get-me: status_code_error (status_code)</h3>');
    expect(html).toContain('statusCode 4 (&quot;&lt;script&gt;');
    expect(html).toContain('<pre class="curl">curl -g -sS -i -X GET');
    expect(html).toContain('href="https://enu.docs.genesys.com/Documentation/GWS/8.5.2/API/MakingaRequest"');

    const json = JSON.parse([...probeRunsJson(record, h.runsKept, lookup)].join('')) as ProbeRunsView;
    expect(json).toMatchObject({ target: EVIL, probe: 'get-me', kind: 'operation', intervalSeconds: 15, runsKept: 5 });
    expect(json.runs.map((r) => r.id)).toEqual(['abcdef-2', 'abcdef-1']);
    expect(json.runs[0]).toMatchObject({ reason: 'status_code', durationMs: 7, statusCode: 4 });
    expect(json.runs[0]?.failure?.curl).toMatch(/^curl .* -u "probe:\$GWS_PASSWORD"/);
    expect(json.runs[0]?.failure?.docs.map((d) => d.tag)).toEqual(['MAR']);
    expect(json.runs[1]?.failure).toBeNull();
  });

  it('a failed run whose details went over the budget says so', () => {
    const h = history(10);
    const record = h.probe(EVIL, 'get-me');
    if (record === undefined) throw new Error('no record');
    const html = [...probeRunsHtml(record, h.runsKept, lookup)].join('');
    expect(html).toContain('details no longer kept');
    const json = JSON.parse([...probeRunsJson(record, h.runsKept, lookup)].join('')) as ProbeRunsView;
    expect(json.runs[0]).toMatchObject({ ok: false, reason: 'status_code', failure: null });
  });
});

describe('the results pages over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const pages = resultsPages(history(), CATALOG);
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (pages.handles(path)) void pages.serve(req, res, path);
      else res.writeHead(418).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('HTML by default, JSON when asked, both with a CSP that allows no script and nosniff', async () => {
    for (const accept of ['text/html', 'application/json']) {
      const res = await fetch(`${base}/probes`, { headers: { accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(accept);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('vary')).toBe('Accept');
    }
  });

  it('/runs/{id}: 303 to the run on its probe\'s page; an unknown run or probe: 404 with one line', async () => {
    const res = await fetch(`${base}/runs/abcdef-2`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(new URL(location, `${base}/runs/abcdef-2`).href).toBe(`${base}/probes/${encodeURIComponent(EVIL)}/get-me#run-abcdef-2`);
    const page = await fetch(new URL(location, `${base}/runs/abcdef-2`));
    expect(page.status).toBe(200);
    for (const path of ['/runs/abcdef-99', '/runs/zzzzzz-1', '/probes/gws-b/nope', '/probes/gws-b', '/probes/%E0%A4%A/get-me', '/probes/gws-b/get-me/x']) {
      const missing = await fetch(`${base}${path}`);
      expect(missing.status, path).toBe(404);
      expect((await missing.text()).trim().split('\n'), path).toHaveLength(1);
    }
  });

  it('HEAD answers the headers alone', async () => {
    const res = await fetch(`${base}/probes/gws-b/get-me`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

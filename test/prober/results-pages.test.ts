// The results pages as a user reaches them: `gwscheck probe` against a simulator that fails some
// probes, its pages fetched over HTTP as HTML and JSON, rendered by a real Chromium, and never
// showing the target's password.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProber, resultsPages, startMetricsServer } from '../../src/prober/index.ts';
import type { ProbeRunsView, ProbeSummaryView } from '../../src/prober/results/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import { runCli } from '../gate/cli.ts';
import { findChromium } from '../reporters/chromium.ts';
import { eventually, PROBE_AGENT, sharedContracts, simulatorTarget, startProberCli, startSimulator, type ProberCli, type TestSimulator } from './harness.ts';

/** A password that appears nowhere else, so that any trace of it on a page is a leak. */
const PASSWORD = 'Zq9-unique-Pw!';
const USER = {
  id: 'c0ffee00c0ffee00c0ffee00c0ffee09',
  userName: 'pages-agent',
  password: PASSWORD,
  firstName: 'Pages',
  lastName: 'Agent',
  roles: ['ROLE_AGENT'] as const,
};
const BASIC = [Buffer.from(`${USER.userName}:${PASSWORD}`, 'utf8').toString('base64'), Buffer.from(`${USER.userName}:${PASSWORD}`, 'latin1').toString('base64')];

/** Every form of the credentials that must not show. */
function expectNoCredentials(text: string, where: string): void {
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), JSON.stringify(PASSWORD).slice(1, -1), ...BASIC]) {
    expect(text.includes(secret), `${where} shows ${secret}`).toBe(false);
  }
}

let sim: TestSimulator;
let dir: string;
let prober: ProberCli;

const JSON_ACCEPT = { accept: 'application/json' };
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${prober.url}${path}`, { headers: JSON_ACCEPT });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

function summaryOf(list: { probes: ProbeSummaryView[] }, probe: string): ProbeSummaryView {
  const found = list.probes.find((p) => p.target === 'gws-a' && p.probe === probe);
  if (found === undefined) throw new Error(`gws-a/${probe} is not listed`);
  return found;
}

beforeAll(async () => {
  sim = await startSimulator({ fixtures: { ...DEFAULT_FIXTURES, users: [...DEFAULT_FIXTURES.users, PROBE_AGENT, USER] } });
  // get-me: a schema violation; get-me-skills: an error whose message carries script and echoes the password.
  await sim.fault({ type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me' });
  await sim.fault({ type: 'status-code', statusCode: 4, statusMessage: `<script>alert(1)</script> login ${USER.userName}:${PASSWORD} refused`, route: '/me/skills' });
  dir = mkdtempSync(join(tmpdir(), 'gwscheck-results-pages-'));
  writeFileSync(
    join(dir, 'prober.yaml'),
    [
      'interval: 1s',
      'timeout: 2s',
      'targets:',
      '  - name: gws-a',
      `    baseUrl: ${sim.url}`,
      `    username: ${USER.userName}`,
      '    passwordEnv: PAGES_PASSWORD',
      '    include: [get-diagnostics-version, get-me, get-me-skills]',
      '',
    ].join('\n'),
  );
  prober = await startProberCli(['--config', join(dir, 'prober.yaml'), '--listen', '127.0.0.1:0', '--results-runs', '3'], { PAGES_PASSWORD: PASSWORD });
  // Three runs of get-me kept, and one more after them: the ring has wrapped.
  let firstFull = '';
  await eventually(async () => {
    const me = summaryOf(await getJson('/probes'), 'get-me');
    if (me.recent.length === 3 && firstFull === '') firstFull = me.lastRun?.id ?? '';
    return firstFull !== '' && me.lastRun?.id !== firstFull;
  }, 30_000, 200);
}, 90_000);

afterAll(async () => {
  // Undefined when beforeAll failed before the prober started.
  const started = prober as ProberCli | undefined;
  if (started !== undefined) {
    started.child.kill('SIGTERM');
    await started.exited;
    expectNoCredentials(started.output(), 'the prober\'s log');
  }
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the results pages of a running prober', () => {
  it('/probes as JSON: every probe with its last outcome and reason, its last success and failure, and its last 3 runs', async () => {
    const list = await getJson<{ runsKept: number; probes: ProbeSummaryView[] }>('/probes');
    expect(list.runsKept).toBe(3);
    expect(list.probes.map((p) => p.probe).sort()).toEqual(['get-diagnostics-version', 'get-me', 'get-me-skills']);
    const me = summaryOf(list, 'get-me');
    expect(me).toMatchObject({ kind: 'operation', intervalSeconds: 1, lastRun: { outcome: 'schema_violation', ok: false, reason: 'schema' }, lastSuccessAt: null });
    expect(me.recent).toHaveLength(3);
    expect(me.recent.at(-1)?.id).toBe(me.lastRun?.id);
    expect(Date.parse(me.lastFailureAt ?? '')).toBeGreaterThan(0);
    expect(summaryOf(list, 'get-diagnostics-version').lastRun).toMatchObject({ outcome: 'success', ok: true, reason: null });
    expect(summaryOf(list, 'get-me-skills').lastRun).toMatchObject({ outcome: 'status_code_error', reason: 'status_code' });
  });

  it('a failing probe\'s JSON: the violation, the request as sent, the response as received and a curl line', async () => {
    const page = await getJson<ProbeRunsView>('/probes/gws-a/get-me');
    expect(page).toMatchObject({ target: 'gws-a', probe: 'get-me', runsKept: 3 });
    expect(page.runs).toHaveLength(3);
    const [run] = page.runs;
    expect(run).toMatchObject({ outcome: 'schema_violation', reason: 'schema', statusCode: 0 });
    const failure = run?.failure;
    expect(failure?.violations).toContainEqual(expect.objectContaining({ pointer: '/user/enabled', message: 'response body /user/enabled: must be boolean' }));
    expect(failure?.exchange?.request).toMatchObject({ method: 'GET', url: `${sim.url}/me` });
    expect(failure?.exchange).toMatchObject({ httpStatus: 200, body: { user: { enabled: 'true' } } });
    expect(failure?.curl).toMatch(/^curl .*'http:\/\/127\.0\.0\.1:\d+\/api\/v2\/me' -u "pages-agent:\$GWS_PASSWORD"/);
  });

  it('a failing probe\'s HTML: each run by its id, the violation, the request and the curl line; a CSP that allows no script', async () => {
    const { runs } = await getJson<ProbeRunsView>('/probes/gws-a/get-me');
    const res = await fetch(`${prober.url}/probes/gws-a/get-me`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    // The runs kept when the JSON was read may since have been pushed out by one more.
    expect(runs.some((run) => html.includes(`id="run-${run.id}"`))).toBe(true);
    expect(html.match(/<div class="run [a-z]+" id="run-[a-z0-9-]+">/g)).toHaveLength(3);
    expect(html).toContain('response body /user/enabled: must be boolean');
    expect(html).toContain(`GET ${sim.url}/me`);
    expect(html).toContain('<pre class="curl">curl -g -sS -i -X GET');
    expect(html).toContain('schema_violation (schema)');
  });

  it('/runs/{id} redirects to the run on its probe\'s page; a run no longer kept is 404', async () => {
    const me = summaryOf(await getJson('/probes'), 'get-me');
    const id = me.lastRun?.id ?? '';
    const res = await fetch(`${prober.url}/runs/${id}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const target = new URL(res.headers.get('location') ?? '', `${prober.url}/runs/${id}`);
    expect(target.href).toBe(`${prober.url}/probes/gws-a/get-me#run-${id}`);
    expect((await fetch(target)).status).toBe(200);
    const gone = await fetch(`${prober.url}/runs/${id.replace(/-.*$/, '-1')}`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toMatch(/^no run ".*" is kept \(expected the id of one of the last 3 runs of a probe; see \/probes\)\n$/);
    const unknown = await fetch(`${prober.url}/probes/gws-a/get-mee`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('no probe "get-mee" on target "gws-a" (expected /probes/{target}/{probe} of a probe this prober runs; see /probes)\n');
  });

  it('server text is shown escaped: the script a statusMessage carries is text on the page', async () => {
    const html = await (await fetch(`${prober.url}/probes/gws-a/get-me-skills`)).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const path of ['/', '/probes', '/probes/gws-a/get-me', '/probes/gws-a/get-me-skills']) {
      expect(await (await fetch(`${prober.url}${path}`)).text(), path).not.toMatch(/<script/i);
    }
  });

  it('no page, HTML or JSON, shows the password or its Basic form, even where the server echoed it', async () => {
    const skills = await getJson<ProbeRunsView>('/probes/gws-a/get-me-skills');
    // The server did put the password in its answer: the pages mask it.
    expect(skills.runs[0]?.failure?.violations[0]?.message).toContain('login *** refused');
    const { runs } = await getJson<ProbeRunsView>('/probes/gws-a/get-me');
    const paths = ['/', '/probes', ...['get-diagnostics-version', 'get-me', 'get-me-skills'].map((p) => `/probes/gws-a/${p}`), `/runs/${runs[0]?.id ?? ''}`];
    for (const path of paths) {
      for (const headers of [{}, JSON_ACCEPT]) {
        const res = await fetch(`${prober.url}${path}`, { headers });
        expectNoCredentials(`${JSON.stringify([...res.headers])}${await res.text()}`, `${path} ${JSON.stringify(headers)}`);
      }
    }
  });

  it('the index page links the results pages', async () => {
    expect(await (await fetch(`${prober.url}/`)).text()).toContain('<a href="probes">/probes</a>');
  });
});

/** Runs Chromium in headless mode with `args` on `url`; resolves with its stdout. */
function chromium(args: readonly string[], url: string, profile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(findChromium(), ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, ...args, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`chromium exited ${code}: ${stderr.slice(-500)}`));
    });
  });
}

/** A PNG's size and how many distinct bytes its pixel data holds: a blank page has a handful. */
function pngFacts(file: string): { width: number; height: number; distinctBytes: number } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), distinctBytes: new Set(pixels).size };
}

describe('the pages in a real browser', () => {
  it('Chromium renders /probes and the failing probe\'s page: screenshots with content, the violation in the DOM', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'gwscheck-chromium-'));
    try {
      for (const [name, path] of [['probes', '/probes'], ['probe', '/probes/gws-a/get-me']] as const) {
        const file = join(dir, `${name}.png`);
        await chromium([`--screenshot=${file}`, '--window-size=1200,1000'], `${prober.url}${path}`, profile);
        const facts = pngFacts(file);
        expect(facts, path).toMatchObject({ width: 1200, height: 1000 });
        expect(facts.distinctBytes, `${path}: the screenshot is blank`).toBeGreaterThan(32);
      }
      const dom = await chromium(['--dump-dom'], `${prober.url}/probes/gws-a/get-me`, profile);
      expect(dom).toContain('response body /user/enabled: must be boolean');
      expect(dom).toContain('id="run-');
      expectNoCredentials(dom, 'the rendered page');
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a target or probe name with markup', () => {
  it('is shown escaped on every page, and its page is found by its URL-encoded name', async () => {
    const registry = new Registry();
    const contracts = sharedContracts();
    const name = '<script>alert("t")</script>';
    const inProcess = createProber({ targets: [simulatorTarget(sim.url, { name, include: ['get-me'] })], contracts, registry });
    await inProcess.runOnce();
    const history = inProcess.results;
    if (history === undefined) throw new Error('the results pages are on by default');
    const server = await startMetricsServer({ registry, isReady: () => true, host: '127.0.0.1', port: 0, results: resultsPages(history, contracts.catalog) });
    try {
      const list = await (await fetch(`${server.url}/probes`)).text();
      expect(list).not.toContain('<script');
      expect(list).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
      const page = await fetch(`${server.url}/probes/${encodeURIComponent(name)}/get-me`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toContain('<script');
      expect(html).toContain('<h1>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; / get-me</h1>');
      const json = (await (await fetch(`${server.url}/probes`, { headers: JSON_ACCEPT })).json()) as { probes: ProbeSummaryView[] };
      expect(json.probes[0]?.target).toBe(name);
    } finally {
      await inProcess.stop();
      await server.close();
    }
  });
});

describe('switching the pages off, and bad values', () => {
  it('--no-results-pages: the routes answer 404 and the index does not list them', async () => {
    const off = await startProberCli(['--config', join(dir, 'prober.yaml'), '--listen', '127.0.0.1:0', '--no-results-pages'], { PAGES_PASSWORD: PASSWORD });
    try {
      await eventually(async () => (await fetch(`${off.url}/-/ready`)).status === 200, 30_000, 100);
      for (const path of ['/probes', '/probes/gws-a/get-me', '/runs/abcdef-1']) {
        for (const headers of [{}, JSON_ACCEPT]) expect((await fetch(`${off.url}${path}`, { headers })).status, path).toBe(404);
      }
      expect(await (await fetch(`${off.url}/`)).text()).not.toContain('/probes');
    } finally {
      off.child.kill('SIGTERM');
      await off.exited;
    }
  }, 60_000);

  it.each([
    [['--results-runs', '0'], '--results-runs "0" is not an integer from 1 to 1000'],
    [['--results-runs', '1001'], '--results-runs "1001" is not an integer from 1 to 1000'],
    [['--results-detail-bytes', '32MB'], '--results-detail-bytes "32MB" is not a size in bytes (expected a whole number of bytes, or one with KiB, MiB or GiB, e.g. 33554432 or 32MiB)'],
    [['--results-detail-bytes', '2GiB'], '--results-detail-bytes "2GiB" is out of range (expected 0 to 1GiB)'],
  ])('%j: one line naming the value, exit 2', async (args, line) => {
    const r = await runCli(['probe', '--config', join(dir, 'prober.yaml'), ...args], { PAGES_PASSWORD: PASSWORD });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`gwscheck probe: ${line}\n`);
  }, 60_000);
});

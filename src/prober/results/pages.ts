import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from '../../contracts/index.ts';
import { drainedOrClosed } from '../drained.ts';
import { decodedSegment, quoted } from '../query-text.ts';
import type { RunHistory } from './history.ts';
import { probePath, probeRunsHtml, probesHtml } from './html.ts';
import { wantsJson } from './negotiate.ts';
import { probeRunsJson, probesJson } from './views.ts';

/** The results pages' routes on the prober's HTTP server. */
export interface ResultsPages {
  /** True for `/probes`, `/probes/...` and `/runs/...`. */
  handles(path: string): boolean;
  /** Answers a GET or HEAD of a path `handles` accepted. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
}

/** The list items the index page gains when the results pages are on. */
export const RESULTS_INDEX_ITEMS = `<li><a href="probes">/probes</a>: every probe's last outcome and recent runs (also JSON with Accept: application/json)</li>
<li>/probes/{target}/{probe}: a probe's kept runs, a failed one with its request, answer and violations</li>
<li>/runs/{id}: redirects to that run on its probe's page</li>
`;

/** No script, no frame, nothing loaded from anywhere: the pages are only text and their own style. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT = 'text/plain; charset=utf-8';

/** Pieces are sent in writes of about this size. */
const WRITE_BYTES = 64 * 1024;
/** Past this much unsent, wait for the client: a slow reader cannot make the page pile up in memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** After this long rendering, the probes get a turn of the event loop. */
const SLICE_MS = 10;

/** Writes a page as it is rendered: a 10,000-probe list is never one string, and the probes keep their schedule. */
async function send(req: IncomingMessage, res: ServerResponse, type: string, pieces: Iterable<string>): Promise<void> {
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, vary: 'Accept' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  let batch = '';
  let sliceStart = performance.now();
  for (const piece of pieces) {
    batch += piece;
    if (batch.length < WRITE_BYTES) continue;
    if (res.destroyed) return;
    res.write(batch);
    batch = '';
    if (res.writableLength > MAX_BUFFERED_BYTES) await drainedOrClosed(res);
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
  if (!res.destroyed) res.end(batch);
}

function notFound(res: ServerResponse, line: string): void {
  res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': TEXT });
  res.end(`${line}\n`);
}

/**
 * `/probes` (every probe), `/probes/{target}/{probe}` (its kept runs) and `/runs/{id}` (303 to
 * the run on its probe's page), as HTML, or as JSON for `Accept: application/json`. Nothing on
 * them is secret: the run history holds no credential.
 */
export function resultsPages(history: RunHistory, catalog: readonly Operation[]): ResultsPages {
  const byId = new Map(catalog.map((op) => [op.id, op]));
  const operation = (id: string): Operation | undefined => byId.get(id);
  return {
    handles: (path) => path === '/probes' || path.startsWith('/probes/') || path.startsWith('/runs/'),
    async serve(req, res, path) {
      const json = wantsJson(req.headers.accept);
      if (path === '/probes') {
        await send(req, res, json ? JSON_TYPE : HTML, json ? probesJson(history) : probesHtml(history));
        return;
      }
      if (path.startsWith('/runs/')) {
        const id = path.slice('/runs/'.length);
        const probe = history.locate(id);
        if (probe === undefined) {
          notFound(res, `no run ${quoted(id)} is kept (expected the id of one of the last ${history.runsKept} runs of a probe; see /probes)`);
          return;
        }
        // Relative to /runs/{id}: the probe's page on this server, under whatever prefix a proxy gives it.
        res.writeHead(303, { ...SECURITY_HEADERS, location: `../${probePath(probe.target, probe.probe)}#run-${id}`, 'content-type': TEXT });
        res.end(`See ../${probePath(probe.target, probe.probe)}#run-${id}\n`);
        return;
      }
      const segments = path.slice('/probes/'.length).split('/');
      const [target, probe] = segments.map(decodedSegment);
      const record = segments.length === 2 && target !== undefined && probe !== undefined ? history.probe(target, probe) : undefined;
      if (target === undefined || probe === undefined || record === undefined) {
        notFound(res, `no probe ${quoted(probe ?? segments[1] ?? '')} on target ${quoted(target ?? segments[0] ?? '')} (expected /probes/{target}/{probe} of a probe this prober runs; see /probes)`);
        return;
      }
      await send(req, res, json ? JSON_TYPE : HTML, json ? probeRunsJson(record, history.runsKept, operation) : probeRunsHtml(record, history.runsKept, operation));
    },
  };
}

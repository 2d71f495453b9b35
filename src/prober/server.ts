import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { drainedOrClosed } from './drained.ts';
import type { ProbeEndpoint } from './probe-endpoint.ts';
import { RESULTS_INDEX_ITEMS, type ResultsPages } from './results/index.ts';
import { CONTENT_TYPES, negotiateFormat, writeMetrics } from './series.ts';

export interface MetricsServerOptions {
  readonly registry: Registry;
  /** Ready once the first probe round has finished. */
  readonly isReady: () => boolean;
  /** Stopping: runs in progress finish, none starts; a load balancer should send nothing more. */
  readonly isDraining?: () => boolean;
  readonly host: string;
  /** 0 picks a free port; the bound one is in `address`. */
  readonly port: number;
  /** Serves `GET /probe?target=NAME&probe=ID` when given. */
  readonly probe?: ProbeEndpoint;
  /** Serves the results pages (`/probes`, `/probes/{target}/{probe}`, `/runs/{id}`) when given; without, they answer 404. */
  readonly results?: ResultsPages;
}

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464 */
  readonly url: string;
  readonly address: { readonly host: string; readonly port: number };
  close(): Promise<void>;
}

const INDEX_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>gwscheck prober</title></head>
<body><h1>gwscheck prober</h1>
<p>Probes Genesys Web Services with the gwscheck contracts.</p>
<ul>
<li><a href="metrics">/metrics</a>: Prometheus metrics</li>
<li>/probe?target=NAME&amp;probe=ID: run one probe now and answer its metrics; &amp;debug=true answers the run as text: its violations, the request as sent, the response and a curl line</li>
<li><a href="-/healthy">/-/healthy</a>: the process is up</li>
<li><a href="-/ready">/-/ready</a>: the first probe round has finished, and the prober is not stopping</li>
</ul></body></html>
`;

function text(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * /metrics written as it is rendered (chunked): a 10,000-probe page is never held as one string,
 * and the probes keep their schedule while it goes out. A scraper that hangs up ends the render.
 * OpenMetrics, with the exemplars, when the scraper asks for it (Prometheus does); else the text format.
 */
async function streamMetrics(registry: Registry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const format = negotiateFormat(req.headers.accept);
  res.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'cache-control': 'no-store', vary: 'Accept' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const write = async (chunk: string): Promise<void> => {
    // A response whose socket closed is destroyed: the scraper has gone, the render stops here.
    if (res.destroyed) throw new ScraperGone();
    res.write(chunk);
    // Waiting for the scraper after every piece would cost a round trip each; a few megabytes
    // buffered bound the memory all the same.
    if (res.writableLength > MAX_BUFFERED_BYTES) await drainedOrClosed(res);
  };
  await writeMetrics(registry, write, { format }).catch((error: unknown) => {
    if (!(error instanceof ScraperGone)) throw error;
  });
  res.end();
}

class ScraperGone extends Error {}

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

async function handle(options: MetricsServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    text(res, 405, 'Method Not Allowed\n');
    return;
  }
  if (options.results?.handles(path) === true) {
    await options.results.serve(req, res, path);
    return;
  }
  switch (path) {
    case '/metrics':
      await streamMetrics(options.registry, req, res);
      return;
    case '/probe': {
      if (options.probe === undefined) {
        text(res, 404, 'Not Found\n');
        return;
      }
      const answer = await options.probe(url.searchParams);
      text(res, answer.status, answer.body, answer.contentType);
      return;
    }
    case '/-/healthy':
      text(res, 200, 'OK\n');
      return;
    case '/-/ready':
      if (options.isDraining?.() === true) text(res, 503, 'draining: stopping once the probes in progress have finished\n');
      else if (options.isReady()) text(res, 200, 'OK\n');
      else text(res, 503, 'first probe round still running\n');
      return;
    case '/':
      text(res, 200, options.results === undefined ? INDEX_PAGE : INDEX_PAGE.replace('</ul>', `${RESULTS_INDEX_ITEMS}</ul>`), 'text/html; charset=utf-8');
      return;
    default:
      text(res, 404, 'Not Found\n');
  }
}

/** Serves /metrics, /-/healthy, /-/ready and an index page; resolves once listening. */
export function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      if (!res.headersSent) text(res, 500, `${error instanceof Error ? error.message : String(error)}\n`);
      else res.destroy();
    });
  });
  // A scrape may keep its connection open; closing must not wait for the next scrape.
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const info = server.address() as AddressInfo;
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        address: { host: info.address, port: info.port },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

// The lean driver of the at-scale figures, in a process of its own: it asks a tool's GET /probe
// at each probe's scheduled moment, as Prometheus's scrape loops ask blackbox_exporter, over
// kept-alive connections, and reads and discards each answer but for one success line. Its CPU is
// charged to this process, never to the tool it drives.
import { Agent, request } from 'node:http';
import type { ProbeOffset } from '../lib/offsets.ts';
import { pace } from '../lib/pacer.ts';
import { onShutdown, serveRequests, workerSpec } from '../lib/worker.ts';

export interface DrivenProbe {
  /** Path and query of the tool's GET /probe for this probe. */
  readonly path: string;
  readonly schedule: ProbeOffset;
}

export interface ProbeDriverSpec {
  /** The tool's origin, e.g. http://127.0.0.1:9115. */
  readonly origin: string;
  readonly probes: readonly DrivenProbe[];
  /** A regular expression (multiline) that a successful probe's answer matches. */
  readonly successLine: string;
  readonly timeoutMs: number;
}

export interface ProbeDriverReport {
  /** Send time minus the scheduled moment, in ms, since the last reset. */
  readonly latenessMs: number[];
  /** From the send to the answer's last byte, in ms, every answer since the last reset. */
  readonly answerMs: number[];
  /** Answered, but not HTTP 200 or without the success line, since the last reset. */
  readonly unsuccessful: number;
  /** No whole answer: refused, reset or timed out, since the last reset. */
  readonly unanswered: number;
  /** Requests sent and not yet answered when the report was taken. */
  readonly inFlight: number;
}

const spec = workerSpec<ProbeDriverSpec>();
const success = new RegExp(spec.successLine, 'm');
// Prometheus keeps its connections to a target open between scrapes; so does the driver.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
let latenessMs: number[] = [];
let answerMs: number[] = [];
let unsuccessful = 0;
let unanswered = 0;
let inFlight = 0;

function ask(probe: DrivenProbe, dueAt: number): void {
  latenessMs.push(Date.now() - dueAt);
  const sent = performance.now();
  inFlight += 1;
  let settled = false;
  const settle = (answered: boolean, ok: boolean): void => {
    if (settled) return;
    settled = true;
    inFlight -= 1;
    if (!answered) unanswered += 1;
    else {
      answerMs.push(performance.now() - sent);
      if (!ok) unsuccessful += 1;
    }
  };
  const req = request(`${spec.origin}${probe.path}`, { agent, timeout: spec.timeoutMs }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      body += chunk;
    });
    res.on('end', () => settle(true, res.statusCode === 200 && success.test(body)));
    res.on('error', () => settle(false, false));
  });
  req.on('timeout', () => req.destroy(new Error('timed out')));
  req.on('error', () => settle(false, false));
  req.end();
}

const stop = pace(spec.probes, ask);

serveRequests({
  reset: () => {
    latenessMs = [];
    answerMs = [];
    unsuccessful = 0;
    unanswered = 0;
    return { probes: spec.probes.length };
  },
  report: (): ProbeDriverReport => ({ latenessMs, answerMs, unsuccessful, unanswered, inFlight }),
});
onShutdown(() => {
  stop();
  agent.destroy();
  return Promise.resolve();
});
console.log(`READY ${JSON.stringify({ probes: spec.probes.length })}`);

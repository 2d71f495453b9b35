import { Registry } from 'prom-client';
import type { Contracts } from '../contracts/index.ts';
import { createCallMetrics } from './call-metrics.ts';
import { createChatMetrics } from './chat-metrics.ts';
import { debugText, runDocs } from './debug-text.ts';
import { createProberMetrics, type BuildInfo } from './metrics.ts';
import type { Prober } from './prober.ts';
import { quoted } from './query-text.ts';
import { probeKey } from './shard.ts';
import { renderMetrics } from './series.ts';
import type { ProbeResult } from './types.ts';

/** What `GET /probe` answers: the status, a body, and its content type. */
export interface ProbeAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

export type ProbeEndpoint = (query: URLSearchParams) => Promise<ProbeAnswer>;

const TEXT = 'text/plain; charset=utf-8';

/** The run as text instead of metrics: what a person asks for when a probe fails and they want to see why. */
function debugAnswer(result: ProbeResult, contracts: Contracts): ProbeAnswer {
  // Every probe is named by its catalog operation; the operation's summary cites its documentation pages.
  const summary = contracts.catalog.find((op) => op.id === result.probe)?.summary ?? '';
  return { status: 200, body: debugText(result, runDocs(summary, result)), contentType: TEXT };
}

/**
 * The multi-target exporter pattern of blackbox_exporter's `/probe?target=…&module=…`:
 * `GET /probe?target=NAME&probe=ID` runs that probe now and answers its result as metrics, from
 * a registry of its own with the same metric names as /metrics. Prometheus then decides when each
 * probe runs and which replica runs it (hashmod relabelling over replicas). With `&debug=true`
 * (blackbox_exporter's parameter) the answer is the run in plain text instead: its violations,
 * the request as sent, the answer and a `curl` line, every credential masked.
 */
export function probeEndpoint(prober: Pick<Prober, 'probes' | 'probeNow' | 'contracts'>, buildVersion: string | BuildInfo): ProbeEndpoint {
  const targets = new Set(prober.probes.map((p) => p.target));
  const byKey = new Map(prober.probes.map((p) => [probeKey(p.target, p.probe), p]));
  return async (query) => {
    const target = query.get('target');
    const probe = query.get('probe');
    const bad = (message: string): ProbeAnswer => ({ status: 400, body: `${message}\n`, contentType: TEXT });
    if (target === null || target === '') return bad('missing query parameter "target" (expected /probe?target=NAME&probe=ID)');
    if (probe === null || probe === '') return bad('missing query parameter "probe" (expected /probe?target=NAME&probe=ID)');
    const debug = query.get('debug');
    if (debug !== null && debug !== 'true' && debug !== 'false') return bad(`query parameter debug is ${quoted(debug)} (expected true or false)`);
    if (!targets.has(target)) return bad(`unknown target ${quoted(target)} (expected one of the configured target names)`);
    const info = byKey.get(probeKey(target, probe));
    const running = info === undefined ? undefined : prober.probeNow(target, probe);
    if (info === undefined || running === undefined) {
      return bad(`unknown probe ${quoted(probe)} for target ${quoted(target)} (expected an operation id this target probes)`);
    }
    const result = await running;
    if (debug === 'true') return debugAnswer(result, prober.contracts);
    const registry = new Registry();
    const metrics = createProberMetrics(registry, buildVersion);
    if (info.kind === 'synthetic-call' || info.kind === 'synthetic-chat') {
      // The synthetic call and chat have their own families, labelled by target (gwscheck_call_*, gwscheck_chat_*).
      const family = info.kind === 'synthetic-call' ? createCallMetrics(registry) : createChatMetrics(registry);
      family.declare(info);
      family.record(result);
    } else {
      metrics.declare(info);
      metrics.record(result);
    }
    if (result.serverVersion !== undefined) metrics.targetVersion(result.target, result.serverVersion);
    return { status: 200, body: await renderMetrics(registry), contentType: registry.contentType };
  };
}

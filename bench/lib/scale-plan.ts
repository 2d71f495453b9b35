import { expandPath, loadContracts } from '../../src/contracts/index.ts';
import { probeKey } from '../../src/prober/index.ts';
import { probeOffset, type ProbeOffset } from './offsets.ts';
import { AGENT, basicAuth } from './tools.ts';
import type { FloorWorkerProbe } from '../workers/floor.ts';
import type { ProberWorkerTarget } from '../workers/prober.ts';

/**
 * Read-only, one request each (no path parameter to resolve from an earlier answer, which
 * blackbox_exporter cannot do), with and without credentials: the probes figure's four.
 */
export const SCALE_ENDPOINTS = ['get-diagnostics-version', 'get-me', 'get-me-channels', 'get-me-devices'] as const;

/** One probe every tool runs: what gwscheck's prober runs, against which simulator, on which moments. */
export interface ScaleProbe {
  readonly target: string;
  /** The operation id, as GET /probe names it. */
  readonly id: string;
  /** The simulator's API root the target names. */
  readonly apiRoot: string;
  readonly url: string;
  readonly anonymous: boolean;
  readonly schedule: ProbeOffset;
}

/**
 * `probes` probes, four to a target name (s0000, s0001, ...), the targets spread over the
 * simulators in turn, each probe at the moment gwscheck's schedule gives it.
 */
export function planScaleProbes(apiRoots: readonly string[], probes: number, intervalSeconds: number): ScaleProbe[] {
  if (apiRoots.length === 0) throw new Error('scale plan: no simulator to probe (expected at least one API root)');
  const contracts = loadContracts();
  const plan: ScaleProbe[] = [];
  for (let i = 0; plan.length < probes; i += 1) {
    const target = `s${String(i).padStart(4, '0')}`;
    const apiRoot = apiRoots[i % apiRoots.length] ?? '';
    for (const id of SCALE_ENDPOINTS.slice(0, probes - plan.length)) {
      const op = contracts.operation(id);
      const query = new URLSearchParams(op.example.query ?? {}).toString();
      plan.push({
        target,
        id,
        apiRoot,
        url: `${apiRoot}${expandPath(op, {})}${query ? `?${query}` : ''}`,
        anonymous: op.identity === 'none',
        schedule: probeOffset(intervalSeconds, probeKey(target, id)),
      });
    }
  }
  return plan;
}

/** The plan as gwscheck's prober worker is configured: one target per name, its probes included. */
export function proberTargetsOf(plan: readonly ScaleProbe[]): ProberWorkerTarget[] {
  const byName = new Map<string, { baseUrl: string; include: string[] }>();
  for (const probe of plan) {
    const entry = byName.get(probe.target) ?? { baseUrl: probe.apiRoot, include: [] };
    entry.include.push(probe.id);
    byName.set(probe.target, entry);
  }
  return [...byName].map(([name, entry]) => ({ name, baseUrl: entry.baseUrl, username: AGENT.username, password: AGENT.password, include: entry.include }));
}

/** The plan as the node:http floor fires it: the same URL, Basic auth where gwscheck sends it. */
export function floorProbesOf(plan: readonly ScaleProbe[]): FloorWorkerProbe[] {
  const auth = basicAuth(AGENT.username, AGENT.password);
  return plan.map((p): FloorWorkerProbe => ({ url: p.url, headers: p.anonymous ? {} : { authorization: auth }, schedule: p.schedule }));
}

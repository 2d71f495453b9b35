// Figure 5: judge() throughput on answers the simulator really gave, to show it is never the bottleneck.
import { expandPath, loadContracts, type JudgeOptions, type ObservedResponse, type Operation } from '../../src/contracts/index.ts';
import { boundFigure, type Figure } from '../lib/results.ts';
import { createClient, type GwsClient, type RequestOptions } from '../../src/client/index.ts';
import { AGENT, type SimulatorSet } from '../lib/tools.ts';

export interface JudgeOptionsForBench {
  readonly seconds: number;
  /** Judgements per second that count as "never the bottleneck". */
  readonly goalPerSecond: number;
  readonly log: (line: string) => void;
}

interface Sample {
  readonly op: Operation;
  readonly response: ObservedResponse;
  readonly options: JudgeOptions;
}

/** One answer through gwscheck's own client, as the gate and the prober receive it. */
async function observe(client: GwsClient, request: RequestOptions): Promise<ObservedResponse> {
  const result = await client.request(request);
  if (result.kind !== 'response') throw new Error(`judge: ${request.method} ${request.path} got no answer (${result.kind}: ${result.error})`);
  return result.response;
}

/** Every read-only operation the agent may call without a path parameter, plus one refusal. */
async function collectSamples(apiRoot: string): Promise<Sample[]> {
  const contracts = loadContracts();
  const agent = createClient({ baseUrl: apiRoot, username: AGENT.username, password: AGENT.password });
  const anonymous = createClient({ baseUrl: apiRoot });
  const samples: Sample[] = [];
  try {
    for (const op of contracts.catalog.filter((o) => o.readOnly && o.identity !== 'admin' && !o.path.includes('{'))) {
      const client = op.identity === 'none' ? anonymous : agent;
      const response = await observe(client, { method: op.method, path: expandPath(op, {}), ...(op.example.query ? { query: op.example.query } : {}) });
      samples.push({ op, response, options: { request: op.example } });
    }
    const me = contracts.operation('get-me');
    samples.push({ op: me, response: await observe(anonymous, { method: 'GET', path: '/me' }), options: { expectStatusCodes: [20] } });
  } finally {
    agent.close();
    anonymous.close();
  }
  return samples;
}

export async function judgeFigures(simulators: SimulatorSet, options: JudgeOptionsForBench): Promise<Figure[]> {
  const samples = await collectSamples(simulators.urls[0] ?? '');
  const contracts = loadContracts();
  for (const s of samples) {
    const verdict = contracts.judge(s.op, s.response, s.options);
    if (!verdict.ok) throw new Error(`judge: the simulator's answer to ${s.op.id} did not pass (${verdict.violations[0]?.message ?? verdict.outcome})`);
  }
  // Bounded in time and count; checked against the clock every round of samples.
  const endAt = performance.now() + options.seconds * 1000;
  const started = performance.now();
  let judged = 0;
  while (performance.now() < endAt && judged < 50_000_000) {
    for (const s of samples) contracts.judge(s.op, s.response, s.options);
    judged += samples.length;
  }
  const perSecond = judged / ((performance.now() - started) / 1000);
  options.log(`judge: ${judged} judgements of ${samples.length} distinct answers in ${options.seconds} s`);
  return [boundFigure('judge-per-second', 'judgements/s', perSecond, '>=', options.goalPerSecond)];
}

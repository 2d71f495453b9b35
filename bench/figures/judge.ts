// Figure 5: judge() throughput on answers the simulator really gave, to show it is never the bottleneck.
import { expandPath, loadContracts, type JudgeOptions, type ObservedResponse, type Operation } from '../../src/contracts/index.ts';
import { boundFigure, type Figure } from '../lib/results.ts';
import { AGENT, basicAuth, type SimulatorSet } from '../lib/tools.ts';

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

async function observe(url: string, headers: Record<string, string>): Promise<ObservedResponse> {
  const started = performance.now();
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  const rawBody = await response.text();
  const headerMap: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headerMap[key] = value;
  });
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  return { httpStatus: response.status, headers: headerMap, rawBody, body, durationMs: performance.now() - started };
}

/** Every read-only operation the agent may call without a path parameter, plus one refusal. */
async function collectSamples(apiRoot: string): Promise<Sample[]> {
  const contracts = loadContracts();
  const auth = { authorization: basicAuth(AGENT.username, AGENT.password) };
  const samples: Sample[] = [];
  for (const op of contracts.catalog.filter((o) => o.readOnly && o.identity !== 'admin' && !o.path.includes('{'))) {
    const query = new URLSearchParams(op.example.query ?? {}).toString();
    const response = await observe(`${apiRoot}${expandPath(op, {})}${query ? `?${query}` : ''}`, op.identity === 'none' ? {} : auth);
    samples.push({ op, response, options: { request: op.example } });
  }
  const me = contracts.operation('get-me');
  samples.push({ op: me, response: await observe(`${apiRoot}/me`, {}), options: { expectStatusCodes: [20] } });
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

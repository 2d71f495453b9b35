// One scripted server conversation played against the gate (GateSession) and the prober (its
// client, built by createProber): the session cookie expires mid-run, the CSRF token rotates, the
// server drops the session. Both must send the same requests and reach the same verdicts.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createClient, type ClientOptions, type GwsClient } from '../../src/client/index.ts';
import { parseSchedule, proberTarget } from '../../src/config/index.ts';
import { loadContracts, type ObservedResponse } from '../../src/contracts/index.ts';
import { GateSession } from '../../src/gate/kit/index.ts';
import { createProber } from '../../src/prober/index.ts';
import { AGENT, startScriptedGws, type ScriptedGws } from './scripted-gws.ts';

const contracts = loadContracts();
const TIMEOUT_MS = 3000;

type Step =
  | { readonly kind: 'read'; readonly operation: 'get-me' | 'get-me-devices' }
  | { readonly kind: 'change'; readonly operationName: 'Ready' | 'NotReady' }
  | { readonly kind: 'cookie-max-age'; readonly seconds: number }
  | { readonly kind: 'clock'; readonly advanceMs: number }
  | { readonly kind: 'rotate-token' }
  | { readonly kind: 'drop-sessions' };

const SCRIPT: readonly Step[] = [
  { kind: 'cookie-max-age', seconds: 60 },
  { kind: 'read', operation: 'get-me' },
  { kind: 'change', operationName: 'Ready' },
  { kind: 'rotate-token' },
  { kind: 'change', operationName: 'NotReady' },
  { kind: 'read', operation: 'get-me-devices' },
  // The cookie's Max-Age passes: it must not be sent again.
  { kind: 'clock', advanceMs: 61_000 },
  { kind: 'read', operation: 'get-me-devices' },
  // The server forgets every session: the next change meets a stale cookie and token.
  { kind: 'drop-sessions' },
  { kind: 'change', operationName: 'Ready' },
  { kind: 'read', operation: 'get-me' },
  { kind: 'read', operation: 'get-me-devices' },
];

/** How one side sends a read or a change; a verdict is judge()'s outcome. */
interface Side {
  read(operation: 'get-me' | 'get-me-devices'): Promise<string>;
  change(operationName: string): Promise<string>;
  close(): Promise<void>;
}

function judgeChange(response: ObservedResponse, operationName: string): string {
  const op = contracts.operation('post-me-channels-voice');
  return contracts.judge(op, response, { request: { body: { operationName } } }).outcome;
}

function gateSide(gws: ScriptedGws, now: () => number): Side {
  const session = new GateSession(gws.baseUrl, AGENT, TIMEOUT_MS, { now });
  return {
    async read(id) {
      const op = contracts.operation(id);
      const exchange = await session.send({ method: op.method, path: op.path, ...(op.example.query ? { query: op.example.query } : {}) });
      return contracts.judge(op, exchange.response, { request: op.example }).outcome;
    },
    async change(operationName) {
      const exchange = await session.send({ method: 'POST', path: '/me/channels/voice', body: { operationName } });
      return judgeChange(exchange.response, operationName);
    },
    close: () => Promise.resolve(),
  };
}

/**
 * The prober as it runs: createProber builds its clients (here with the test's clock) and runs the
 * read-only probes; a change is sent the way the state-change probe sends its operation.
 */
function proberSide(gws: ScriptedGws, now: () => number): Side {
  const clients = new Map<string, GwsClient>();
  const shared = (options: ClientOptions): GwsClient => {
    // The features reader's own sessionless client: its reads are not part of the probes' conversation.
    if (options.keepSession === false) return createClient({ ...options, now });
    const key = options.username ?? '';
    const client = clients.get(key) ?? createClient({ ...options, now });
    clients.set(key, client);
    return client;
  };
  const target = (include: string) =>
    proberTarget({ name: 'scripted', baseUrl: gws.baseUrl, user: AGENT, include: [include], defaults: { schedule: parseSchedule('15s', 'interval'), timeoutMs: TIMEOUT_MS } });
  return {
    async read(id) {
      const prober = createProber({ targets: [target(id)], contracts, registry: new Registry(), createClient: shared });
      const [result] = await prober.runOnce();
      await prober.stop();
      return result?.outcome === 'success' ? 'success' : (result?.outcome ?? 'no result');
    },
    async change(operationName) {
      const client = clients.get(AGENT.username);
      if (client === undefined) throw new Error('the prober built no client for the agent');
      const result = await client.request({ method: 'POST', path: '/me/channels/voice', body: { operationName }, auth: 'basic', timeoutMs: TIMEOUT_MS });
      if (result.kind !== 'response') return result.kind;
      return judgeChange(result.response, operationName);
    },
    close: () => {
      for (const client of clients.values()) client.close();
      return Promise.resolve();
    },
  };
}

/** Plays the script; returns each request as the server saw it (sessions numbered by first use) and each verdict. */
async function play(makeSide: (gws: ScriptedGws, now: () => number) => Side): Promise<{ requests: string[]; verdicts: string[] }> {
  const gws = await startScriptedGws();
  let clock = Date.parse('2026-12-01T06:00:00Z');
  const side = makeSide(gws, () => clock);
  const verdicts: string[] = [];
  try {
    for (const step of SCRIPT) {
      if (step.kind === 'read') verdicts.push(`${step.operation}: ${await side.read(step.operation)}`);
      else if (step.kind === 'change') verdicts.push(`${step.operationName}: ${await side.change(step.operationName)}`);
      else if (step.kind === 'cookie-max-age') gws.cookieMaxAge = step.seconds;
      else if (step.kind === 'clock') clock += step.advanceMs;
      else if (step.kind === 'rotate-token') gws.rotateTokens();
      else gws.dropSessions();
    }
  } finally {
    await side.close();
    await gws.close();
  }
  const sessions: string[] = [];
  const tokens: string[] = [];
  const number = (list: string[], value: string | undefined): string => {
    if (value === undefined) return '-';
    if (!list.includes(value)) list.push(value);
    return String(list.indexOf(value) + 1);
  };
  // The prober also reads GET /features on a client of its own; the conversation compared is the probes'.
  const requests = gws.seen.filter((s) => !s.path.startsWith('/features')).map(
    (s) => `${s.method} ${s.path} basic=${s.authorization} session=${number(sessions, s.cookie)} csrf=${number(tokens, s.csrf)}`,
  );
  return { requests, verdicts };
}

describe('one conversation, gate and prober alike', () => {
  it('sends the same requests and reaches the same verdicts', async () => {
    const gate = await play(gateSide);
    const prober = await play(proberSide);
    expect(prober.requests).toEqual(gate.requests);
    expect(prober.verdicts).toEqual(gate.verdicts);
    // What the script must have provoked, so that the comparison is not between two empty runs.
    expect(gate.verdicts).toEqual([
      'get-me: success',
      'Ready: success',
      'NotReady: success',
      'get-me-devices: success',
      'get-me-devices: success',
      'Ready: success',
      'get-me: success',
      'get-me-devices: success',
    ]);
    expect(gate.requests).toEqual([
      'GET /me basic=true session=- csrf=-',
      'POST /me/channels/voice basic=true session=1 csrf=1',
      // The rotated token is refused; the refusal hands out the new one.
      'POST /me/channels/voice basic=true session=1 csrf=1',
      'POST /me/channels/voice basic=true session=1 csrf=2',
      'GET /me/devices?fields=* basic=true session=1 csrf=-',
      // Max-Age passed: no cookie, Basic starts session 2.
      'GET /me/devices?fields=* basic=true session=- csrf=-',
      // Session 2 was dropped: the server starts session 3 and refuses the old token; a GET fetches a new one.
      'POST /me/channels/voice basic=true session=2 csrf=3',
      'GET /me basic=true session=3 csrf=-',
      'POST /me/channels/voice basic=true session=3 csrf=4',
      'GET /me basic=true session=3 csrf=-',
      'GET /me/devices?fields=* basic=true session=3 csrf=-',
    ]);
  });
});

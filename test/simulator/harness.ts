import { buildSimulator, listen, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

export interface CallOptions {
  /** `user:password` for Basic; omit for none. */
  readonly auth?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly cookie?: string;
}

export interface Harness {
  readonly simulator: Simulator;
  readonly running: RunningSimulator;
  /** Calls `path` below the API root. */
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** Calls a path on the origin (for the control API and paths outside the prefix). */
  callOrigin(method: string, path: string, options?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

export const KSIPPO = 'ksippo:';
export const SUPERVISOR = 'lsupervisor:supervisor';
export const ADMIN = 'admin:admin';
export const APIUSER = 'apiuser:apiuser';
export const KSIPPO_ID = '63630bbebf4840d7a0bffd6312bc29ff';

async function send(url: string, method: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== undefined) headers['Authorization'] = `Basic ${Buffer.from(options.auth, 'latin1').toString('base64')}`;
  if (options.cookie !== undefined) headers['Cookie'] = options.cookie;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Harness> {
  const simulator = buildSimulator(options);
  const running = await listen(simulator);
  return {
    simulator,
    running,
    call: (method, path, callOptions) => send(`${running.url}${path}`, method, callOptions),
    callOrigin: (method, path, callOptions) => send(`${running.origin}${path}`, method, callOptions),
    close: async () => {
      await running.close();
      simulator.dispose();
    },
  };
}

/** Polls until `check` returns a value other than undefined, or fails after the deadline. */
export async function eventually<T>(check: () => Promise<T | undefined>, deadlineMs = 5000, what = 'condition'): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not reached within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** JSESSIONID=... from a Set-Cookie header. */
export function sessionCookie(answer: Answer): string | undefined {
  const header = answer.headers.get('set-cookie');
  const match = header === null ? null : /JSESSIONID=([^;]+)/.exec(header);
  return match === null ? undefined : `JSESSIONID=${match[1] ?? ''}`;
}

export async function voiceState(h: Harness, auth = KSIPPO): Promise<Record<string, unknown>> {
  const answer = await h.call('GET', '/me/channels/voice', { auth });
  return (answer.body['channel'] as { userState: Record<string, unknown> }).userState;
}

export function expectEnvelopeError(answer: Answer, statusCode: number): void {
  if (answer.body['statusCode'] !== statusCode || Object.keys(answer.body).sort().join(',') !== 'statusCode,statusMessage') {
    throw new Error(`expected error envelope with statusCode ${statusCode}, got HTTP ${answer.status} ${answer.text}`);
  }
  if (typeof answer.body['statusMessage'] !== 'string' || answer.body['statusMessage'] === '') {
    throw new Error(`statusMessage must be a non-empty string: ${answer.text}`);
  }
  if (!(answer.headers.get('content-type') ?? '').startsWith('application/json')) {
    throw new Error(`content-type is ${answer.headers.get('content-type') ?? 'missing'}`);
  }
}

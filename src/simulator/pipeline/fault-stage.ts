import { fail, httpStatusFor, STATUS_MESSAGES, type Reply } from '../envelope.ts';
import { applyMutation } from '../mutate.ts';
import type { ActiveFault, FaultType, LatencyPhase } from '../types.ts';
import type { FaultDecision, SimulatorCore, WireAnswer } from './types.ts';

const TERMINAL_FAULTS: ReadonlySet<FaultType> = new Set(['status-code', 'http-5xx-html', 'not-json', 'hang', 'reset', 'large-body']);
export const JSON_TYPE = 'application/json; charset=utf-8';

/** The faults that fire for one request: their summed latency before and after handling, the first terminal one, and the shaping ones. */
export function decideFaults(path: string, method: string, core: SimulatorCore): FaultDecision {
  const fired = core.faults.fire(path, method);
  const terminal = fired.find((f) => TERMINAL_FAULTS.has(f.type));
  const latency = (phase: LatencyPhase): number =>
    fired.reduce((sum, f) => (f.type === 'latency' && (f.delays ?? 'request') === phase ? sum + f.fixedMs + Math.random() * (f.jitterMs ?? 0) : sum), 0);
  return {
    delayMs: latency('request'),
    answerDelayMs: latency('answer'),
    ...(terminal === undefined ? {} : { terminal }),
    shaping: fired.filter((f) => f.type === 'mutate' || f.type === 'wrong-content-type'),
    neverApply: fired.some((f) => f.type === 'async-never-applied'),
  };
}

function raw(status: number, contentType: string, body: string | Buffer): WireAnswer {
  return { status, headers: { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) }, body };
}

/**
 * What a terminal fault answers: an envelope reply (status-code), raw bytes that are no envelope,
 * or an action on the connection (hang: never answer; reset: TCP reset).
 */
export function terminalAnswer(fault: ActiveFault): Reply | WireAnswer | 'hang' | 'reset' {
  switch (fault.type) {
    case 'status-code': {
      const status = fault.httpStatus ?? httpStatusFor(fault.statusCode);
      if (fault.statusCode === 0) return { httpStatus: status, body: { statusCode: 0 } };
      return fail(fault.statusCode, fault.statusMessage ?? STATUS_MESSAGES[fault.statusCode] ?? 'Simulated error', status);
    }
    case 'http-5xx-html': {
      const status = fault.httpStatus ?? 502;
      return raw(status, 'text/html; charset=utf-8', `<html><head><title>${status} Error</title></head><body><h1>HTTP ${status}</h1><p>Proxy error</p></body></html>`);
    }
    case 'not-json':
      return raw(200, JSON_TYPE, 'Service Temporarily Unavailable: this body is not JSON');
    case 'large-body': {
      const prefix = Buffer.from('{"statusCode":0,"padding":"');
      const filler = Buffer.alloc(Math.max(0, fault.bytes - prefix.length), 0x78);
      return raw(200, JSON_TYPE, Buffer.concat([prefix, filler]).subarray(0, Math.max(fault.bytes, 1)));
    }
    case 'reset':
      return 'reset';
    default:
      return 'hang';
  }
}

/** Applies the shaping faults (vendor drift at a JSON pointer, another Content-Type) to a reply. */
export function shapeReply(reply: Reply, shaping: readonly ActiveFault[]): Reply {
  if (shaping.length === 0) return reply;
  // Reply bodies share objects with the seed's constants: mutate a copy.
  const body = structuredClone(reply.body);
  let contentType = reply.contentType;
  for (const fault of shaping) {
    if (fault.type === 'mutate') applyMutation(body, fault.op, fault.pointer, fault.value);
    if (fault.type === 'wrong-content-type') contentType = fault.contentType ?? 'text/html; charset=utf-8';
  }
  return { ...reply, body, ...(contentType === undefined ? {} : { contentType }) };
}

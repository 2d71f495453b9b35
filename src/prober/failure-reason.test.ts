import { describe, expect, it } from 'vitest';
import type { Violation } from '../contracts/index.ts';
import { FAILURE_REASONS, failureReason } from './failure-reason.ts';
import type { ProbeResult } from './types.ts';

const violation = (kind: Violation['kind'], grade: Violation['grade'] = 'breaking'): Violation => ({ kind, pointer: '', keyword: kind, message: `${kind} broken`, grade });
const run = (outcome: ProbeResult['outcome'], violations: readonly Violation[] = [], error?: string) => ({ ok: false, outcome, violations, ...(error !== undefined ? { error } : {}) });

describe('failureReason', () => {
  it('gives no reason for a run that held or did not apply', () => {
    expect(failureReason({ ok: true, outcome: 'success', violations: [] })).toBeUndefined();
    expect(failureReason(run('not_applicable', [], 'the probe user has no device'))).toBeUndefined();
  });

  it('tells a TLS failure from a broken connection by the client line', () => {
    expect(failureReason(run('network_error', [], 'TLS CERT_HAS_EXPIRED (certificate has expired) gws:443'))).toBe('tls');
    expect(failureReason(run('network_error', [], 'ECONNREFUSED 127.0.0.1:8080'))).toBe('connection');
    expect(failureReason(run('timeout', [], 'no complete response within 5000 ms'))).toBe('timeout');
  });

  it('names the most decisive violation of a judged answer', () => {
    expect(failureReason(run('http_error', [violation('schema'), violation('http-status')]))).toBe('http_status');
    expect(failureReason(run('schema_violation', [violation('schema'), violation('envelope')]))).toBe('envelope');
    expect(failureReason(run('status_code_error', [violation('status-code')]))).toBe('status_code');
    expect(failureReason(run('slow', [violation('latency')]))).toBe('latency');
    expect(failureReason(run('http_error', [violation('content-type')]))).toBe('content_type');
  });

  it('takes additive drift that fails under --strict as schema', () => {
    expect(failureReason(run('schema_violation', [violation('schema', 'additive')]))).toBe('schema');
  });

  it('names what the client or the prober said when there is no violation', () => {
    expect(failureReason(run('http_error', [], 'response body is over the 4194304-byte limit (maxBodyBytes)'))).toBe('body_too_large');
    expect(failureReason(run('http_error', [], 'request not sent: URL over 2000 characters'))).toBe('request_not_sent');
    expect(failureReason(run('schema_violation', [], 'resolving {id} through GET /me/devices: /devices/0 has no id'))).toBe('schema');
  });

  it('maps the asynchronous outcomes', () => {
    expect(failureReason(run('dial_failed'))).toBe('operation_failed');
    for (const outcome of ['async_timeout', 'setup_timeout', 'release_timeout', 'delivery_timeout', 'accept_timeout', 'message_timeout', 'complete_timeout', 'channel_not_ready'] as const) {
      expect(failureReason(run(outcome))).toBe('state_not_observed');
    }
  });

  it('answers only values of the closed list', () => {
    const outcomes = ['success', 'slow', 'schema_violation', 'status_code_error', 'http_error', 'timeout', 'network_error', 'async_timeout', 'dial_failed'] as const;
    for (const outcome of outcomes) expect([...FAILURE_REASONS, undefined]).toContain(failureReason(run(outcome)));
  });
});

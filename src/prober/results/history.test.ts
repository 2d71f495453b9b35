import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../config/index.ts';
import type { ReportedExchange } from '../../reporters/index.ts';
import type { ProbeInfo } from '../plan.ts';
import type { ProbeResult } from '../types.ts';
import { detailBytes } from './details.ts';
import { createRunRecorder, type RunHistory } from './history.ts';
import { runIds } from './run-ids.ts';

const settings = { schedule: parseSchedule('15s', 'interval'), timeoutMs: 1000 };
const PROBES: ProbeInfo[] = [
  { target: 'gws-a', probe: 'get-me', kind: 'operation', settings, intervalSeconds: 15 },
  { target: 'gws-a', probe: 'get-skills', kind: 'operation', settings, intervalSeconds: 15 },
];

const EXCHANGE: ReportedExchange = {
  request: {
    method: 'GET',
    url: 'http://gws/api/v2/me',
    headers: { accept: 'application/json', authorization: 'Basic cHJvYmU6czNjcmV0' },
    body: null,
    credentials: { username: 'probe', passwordVariable: 'GWS_PASSWORD' },
  },
  method: 'GET',
  path: '/me',
  httpStatus: 200,
  contentType: 'application/json',
  body: { statusCode: 0, user: { enabled: 'true', note: 'the password is s3cret' } },
  latencyMs: 12,
};

let clock = 0;
function result(probe: string, fields: Partial<ProbeResult> = {}): ProbeResult {
  clock += 1000;
  return { target: 'gws-a', probe, kind: 'operation', ok: true, outcome: 'success', statusCode: 0, responded: true, durationMs: 10, violations: [], startedAt: clock, ...fields };
}

function failed(probe: string, fields: Partial<ProbeResult> = {}): ProbeResult {
  return result(probe, {
    ok: false,
    outcome: 'schema_violation',
    violations: [{ kind: 'schema', pointer: '/user/enabled', keyword: 'type', message: 'response body /user/enabled: must be boolean', grade: 'breaking' }],
    exchange: EXCHANGE,
    ...fields,
  });
}

const redactS3cret = () => (text: string) => text.replaceAll('s3cret', '***');

function recorder(runs = 3, detailBytesBudget = 1024 * 1024) {
  const r = createRunRecorder({ probes: PROBES, settings: { runs, detailBytes: detailBytesBudget }, redactFor: redactS3cret, ids: runIds('t0t0t0') });
  return { record: r.record, history: r.history as RunHistory };
}

describe('the run history', () => {
  it('gives every run its id and keeps its row, newest first', () => {
    const { record, history } = recorder();
    const a = record(result('get-me'));
    const b = record(failed('get-me'));
    expect([a.runId, b.runId]).toEqual(['t0t0t0-1', 't0t0t0-2']);
    const got = history.probe('gws-a', 'get-me');
    expect(got?.runs.map((r) => [r.id, r.outcome, r.ok, r.reason])).toEqual([
      ['t0t0t0-2', 'schema_violation', false, 'schema'],
      ['t0t0t0-1', 'success', true, null],
    ]);
    expect(got?.lastSuccessAt).toBe(a.startedAt);
    expect(got?.lastFailureAt).toBe(b.startedAt);
    expect(history.locate('t0t0t0-2')).toMatchObject({ target: 'gws-a', probe: 'get-me' });
    expect(history.probe('gws-a', 'nope')).toBeUndefined();
  });

  it('keeps a failed run\'s details, with every credential the target\'s redaction knows masked once more', () => {
    const { record, history } = recorder();
    record(failed('get-me', { error: 'server said s3cret' }));
    const detail = history.probe('gws-a', 'get-me')?.runs[0]?.detail;
    expect(detail?.violations[0]?.message).toBe('response body /user/enabled: must be boolean');
    expect(detail?.message).toBe('server said ***');
    expect(JSON.stringify(detail)).not.toContain('s3cret');
    // A Basic value and secret-named keys are masked whatever the redaction knows.
    expect(JSON.stringify(detail)).not.toContain('cHJvYmU6czNjcmV0');
  });

  it('drops a failed run\'s details when the run leaves the ring', () => {
    const { record, history } = recorder(2);
    const first = record(failed('get-me'));
    record(failed('get-me'));
    expect(history.probe('gws-a', 'get-me')?.runs.every((r) => r.detail !== undefined)).toBe(true);
    record(result('get-me'));
    const runs = history.probe('gws-a', 'get-me')?.runs ?? [];
    expect(runs.map((r) => r.id)).not.toContain(first.runId);
    expect(history.locate(first.runId ?? '')).toBeUndefined();
    // The failed run still kept keeps its details; the one that left took its own along.
    expect(runs[1]?.detail).toBeDefined();
    record(result('get-me'));
    expect(history.probe('gws-a', 'get-me')?.runs.every((r) => r.detail === undefined)).toBe(true);
  });

  it('over the byte budget, the oldest details go first, across probes; their runs stay', () => {
    const { record: probe } = recorder();
    const sample = probe(failed('get-me'));
    const one = detailBytes({ message: null, violations: sample.violations, exchange: EXCHANGE });
    const { record, history } = recorder(3, 2 * one);
    const old = record(failed('get-me'));
    record(failed('get-skills'));
    record(failed('get-skills'));
    const run = history.probe('gws-a', 'get-me')?.runs.find((r) => r.id === old.runId);
    expect(run).toMatchObject({ outcome: 'schema_violation', reason: 'schema', detail: undefined });
    expect(history.probe('gws-a', 'get-skills')?.runs.every((r) => r.detail !== undefined)).toBe(true);
  });

  it('keeps no details of a run that held or did not apply', () => {
    const { record, history } = recorder();
    record(result('get-me', { ok: false, outcome: 'not_applicable', error: 'no device' }));
    expect(history.probe('gws-a', 'get-me')?.runs[0]).toMatchObject({ outcome: 'not_applicable', reason: null, detail: undefined });
    expect(history.probe('gws-a', 'get-me')?.lastFailureAt).toBeNull();
  });

  it('off: runs still get their ids, nothing is kept', () => {
    const r = createRunRecorder({ probes: PROBES, settings: false, redactFor: redactS3cret });
    expect(r.record(result('get-me')).runId).toMatch(/^[a-z0-9]{6}-1$/);
    expect(r.history).toBeUndefined();
  });

  it('refuses a number of runs out of 1..1000', () => {
    expect(() => createRunRecorder({ probes: PROBES, settings: { runs: 1001, detailBytes: 1 }, redactFor: redactS3cret })).toThrow(/runs kept 1001 is out of range/);
  });
});

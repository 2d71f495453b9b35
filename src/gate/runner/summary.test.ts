import { describe, expect, test } from 'vitest';
import { loadGateConfig } from '../../config/index.ts';
import type { ShapeComparison } from '../../drift/index.ts';
import type { ContractResult } from '../../reporters/index.ts';
import { additiveDrift, summarise } from './summary.ts';

const result = (over: Partial<ContractResult>): ContractResult => ({
  id: 'x', name: 'get-me: answers', operation: 'get-me', tags: [], outcome: 'passed', message: null, violations: [],
  latencyMs: 1, durationMs: 1, attempts: 1, earlierFailures: [], exchange: null, curl: null, docs: [], file: 'specs/catalog.spec.ts', ...over,
});

const added = { kind: 'schema', pointer: '/user/x', keyword: 'additionalProperties', message: 'response body /user/x: attribute not in the schema (additive drift)', grade: 'additive' } as const;

const comparison = (breaking: number, additive: number): ShapeComparison => ({
  baseline: 'old.json', baselineRecordedAt: 't', baselineVersion: null, compared: [], operations: [], notObserved: [], newlyObserved: [], breaking, additive,
});

function verdict(results: ContractResult[], flags: Parameters<typeof loadGateConfig>[0] = {}, compared: ShapeComparison | null = null) {
  const config = loadGateConfig(flags, {});
  return summarise({ results, config, target: 't', simulator: true, startedAt: new Date(0), durationMs: 1, comparison: compared, recordedTo: null }).summary;
}

describe('additiveDrift', () => {
  test('one finding per operation and pointer, with every request and contract that saw it', () => {
    const findings = additiveDrift([
      result({ name: 'a', violations: [{ ...added, request: 'GET /me' }] }),
      result({ name: 'b', violations: [{ ...added, request: 'GET /me?fields=*' }, { ...added, grade: 'breaking' }] }),
      result({ name: 'c', operation: 'get-me-devices', violations: [{ kind: 'schema', pointer: '/devices/0/capabilities/0', keyword: 'enum', message: 'new value', grade: 'additive' }] }),
    ]);
    expect(findings).toEqual([
      { operation: 'get-me', change: 'new-attribute', pointer: '/user/x', message: added.message, requests: ['GET /me', 'GET /me?fields=*'], contracts: ['a', 'b'] },
      { operation: 'get-me-devices', change: 'new-enum-value', pointer: '/devices/0/capabilities/0', message: 'new value', requests: [], contracts: ['c'] },
    ]);
  });
});

describe('summarise', () => {
  test('additive drift on passed contracts holds; a failed contract fails', () => {
    expect(verdict([result({ violations: [added] })])).toMatchObject({ verdict: 'held', additiveDrift: 1, reasons: [] });
    expect(verdict([result({ outcome: 'failed' })])).toMatchObject({ verdict: 'failed', reasons: ['1 contract(s) failed'] });
  });

  test('a flaky contract holds unless --fail-on-flaky', () => {
    const flaky = [result({ outcome: 'flaky', attempts: 2, earlierFailures: ['x'] })];
    expect(verdict(flaky)).toMatchObject({ verdict: 'held', flaky: 1, passed: 0 });
    expect(verdict(flaky, { failOnFlaky: true })).toMatchObject({ verdict: 'failed', reasons: ['1 contract(s) passed only on a retry (--fail-on-flaky)'] });
  });

  test('--compare: removed or retyped fails, added fails only with --strict', () => {
    expect(verdict([result({})], {}, comparison(1, 0))).toMatchObject({ verdict: 'failed', reasons: ['1 attribute(s) removed or retyped since old.json'] });
    expect(verdict([result({})], {}, comparison(0, 2)).verdict).toBe('held');
    expect(verdict([result({})], { strict: true }, comparison(0, 2))).toMatchObject({ verdict: 'failed', reasons: ['2 attribute(s) or list value(s) added since old.json (--strict)'] });
  });

  test('a failed unconfirmed contract is a warning that holds; under --strict it fails', () => {
    const unconfirmed = [result({ outcome: 'failed', tags: ['positive', 'unconfirmed'] }), result({})];
    expect(verdict(unconfirmed)).toMatchObject({ verdict: 'held', failed: 0, warnings: 1, passed: 1 });
    expect(verdict(unconfirmed, { strict: true })).toMatchObject({ verdict: 'failed', failed: 1, warnings: 0, reasons: ['1 contract(s) failed'] });
    expect(verdict([result({ outcome: 'passed', tags: ['unconfirmed'] })])).toMatchObject({ verdict: 'held', passed: 1, warnings: 0 });
  });
});

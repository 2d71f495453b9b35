import { describe, expect, it } from 'vitest';
import { exemplarSuffix, negotiateFormat } from './exposition.ts';

describe('negotiateFormat', () => {
  it.each([
    ['Prometheus 2.42', 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'openmetrics'],
    ['OpenMetrics without a version', 'application/openmetrics-text', 'openmetrics'],
    ['OpenMetrics preferred over text', 'text/plain;q=0.5, application/openmetrics-text; version=1.0.0; q=0.9', 'openmetrics'],
    ['Prometheus with OpenMetrics turned off', 'text/plain;version=0.0.4;q=1,*/*;q=0.1', 'text'],
    ['curl', '*/*', 'text'],
    ['no Accept header', undefined, 'text'],
    ['text preferred over OpenMetrics', 'application/openmetrics-text;q=0.4,text/plain;q=0.8', 'text'],
    ['OpenMetrics refused', 'application/openmetrics-text;q=0', 'text'],
    ['an OpenMetrics version this page is not', 'application/openmetrics-text;version=2.0.0', 'text'],
    ['a broken q', 'application/openmetrics-text;q=x', 'text'],
  ] as const)('%s: %s', (_, accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('exemplarSuffix', () => {
  it('writes the labels, the value (the observed one unless given) and the time in seconds', () => {
    expect(exemplarSuffix({ labels: { run_id: 'k3x-1f' }, timestamp: 1733467200123 }, 0.42)).toBe(' # {run_id="k3x-1f"} 0.42 1733467200.123');
    expect(exemplarSuffix({ labels: { run_id: 'a"b' }, timestamp: 1000, value: 2 }, 1)).toBe(' # {run_id="a\\"b"} 2 1');
  });

  it('counts the 128 characters OpenMetrics allows in code points, names included', () => {
    expect(() => exemplarSuffix({ labels: { run_id: 'é'.repeat(122) }, timestamp: 0 }, 1)).not.toThrow();
    expect(() => exemplarSuffix({ labels: { run_id: 'é'.repeat(123) }, timestamp: 0 }, 1)).toThrow(RangeError);
  });
});

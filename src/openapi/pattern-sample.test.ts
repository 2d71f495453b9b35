import { describe, expect, test } from 'vitest';
import { contractSources } from '../contracts/description.ts';
import { patternSample } from './pattern-sample.ts';

/** Every `pattern` in the schema files. */
function patterns(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(patterns);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === 'pattern' && typeof value === 'string' ? [value] : patterns(value)));
}

describe('patternSample', () => {
  test('samples every pattern of the schema files with a string the pattern matches', () => {
    const all = [...new Set([...contractSources().schemas.values()].flatMap(patterns))];
    expect(all.length).toBeGreaterThan(5);
    for (const pattern of all) {
      const sample = patternSample(pattern);
      expect(sample, pattern).toBeDefined();
      expect(new RegExp(pattern, 'u').test(sample ?? ''), `${pattern} matches ${String(sample)}`).toBe(true);
    }
  });

  test('takes the fewest repetitions, the first alternative, the first character a class admits', () => {
    expect(patternSample('^/users/[0-9a-f]{32}$')).toBe(`/users/${'0'.repeat(32)}`);
    expect(patternSample('^/([^/]+/)*skills/[^/]+$')).toBe('/skills/a');
    expect(patternSample('^(Ready|NotReady)$')).toBe('Ready');
    expect(patternSample('^\\d+\\.\\d+$')).toBe('0.0');
    expect(patternSample('^https?://')).toBe('http://');
  });

  test('leaves out what it cannot sample: lookarounds, back-references, a broken pattern', () => {
    expect(patternSample('^(?=a)a$')).toBeUndefined();
    expect(patternSample('^(a)\\1$')).toBeUndefined();
    expect(patternSample('^[a-')).toBeUndefined();
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { loadProberConfig } from './prober.ts';
import { parseByteSize, RESULTS_PAGES_DEFAULTS } from './results-pages.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-results-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TARGETS = 'targets:\n  - { name: a, baseUrl: "http://h/api/v2" }\n';
let files = 0;

function fromFile(text: string, flags: Record<string, string | boolean> = {}) {
  const path = join(dir, `c${(files += 1)}.yaml`);
  writeFileSync(path, `${text}${TARGETS}`);
  return loadProberConfig({ flags: { config: path, ...flags }, env: {} });
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('the results pages settings', () => {
  it('default: on, the last 20 runs, 32 MiB of details, wherever the targets come from', () => {
    expect(RESULTS_PAGES_DEFAULTS).toEqual({ enabled: true, runs: 20, detailBytes: 32 * 1024 * 1024 });
    expect(fromFile('')?.results).toEqual(RESULTS_PAGES_DEFAULTS);
    expect(loadProberConfig({ flags: { simulator: true }, env: {} })?.results).toEqual(RESULTS_PAGES_DEFAULTS);
    expect(loadProberConfig({ env: { GWS_BASE_URL: 'http://gws/api/v2', GWS_USERNAME: 'u' } })?.results).toEqual(RESULTS_PAGES_DEFAULTS);
  });

  it('from the file\'s resultsPages block; each flag wins over its key', () => {
    const file = 'resultsPages: { enabled: true, runs: 50, detailBytes: 8MiB }\n';
    expect(fromFile(file)?.results).toEqual({ enabled: true, runs: 50, detailBytes: 8 * 1024 * 1024 });
    expect(fromFile('resultsPages: { detailBytes: 1000 }\n')?.results).toEqual({ enabled: true, runs: 20, detailBytes: 1000 });
    expect(fromFile(file, { resultsRuns: '5' })?.results).toEqual({ enabled: true, runs: 5, detailBytes: 8 * 1024 * 1024 });
    expect(fromFile(file, { resultsDetailBytes: '0' })?.results.detailBytes).toBe(0);
    expect(fromFile(file, { noResultsPages: true })?.results.enabled).toBe(false);
    expect(fromFile('resultsPages: { enabled: false }\n')?.results.enabled).toBe(false);
  });

  it('bad values: one line each, naming the key or flag and the value, with the others', () => {
    expect(problemsOf(() => fromFile('resultsPages: { runs: 0, detailBytes: 32MB }\n'))).toEqual([
      expect.stringMatching(/^config .*: resultsPages\.runs 0 is out of range \(expected a whole number of runs from 1 to 1000\)$/),
      expect.stringMatching(/^config .*: resultsPages\.detailBytes "32MB" is not a size in bytes \(expected a whole number of bytes, or one with KiB, MiB or GiB, e\.g\. 33554432 or 32MiB\)$/),
    ]);
    expect(problemsOf(() => fromFile('resultsPages: { runs: many, pages: 3 }\n'))).toEqual([
      expect.stringMatching(/resultsPages: unknown key "pages"/),
      expect.stringMatching(/resultsPages\.runs: "many" is not/),
    ]);
    expect(problemsOf(() => fromFile('resultsPages: { detailBytes: [1] }\n'))).toEqual([expect.stringMatching(/resultsPages\.detailBytes "\[1\]" is not a size in bytes/)]);
    expect(problemsOf(() => loadProberConfig({ flags: { simulator: true, resultsRuns: '1001', resultsDetailBytes: '-1', interval: '45s' }, env: {} }))).toEqual([
      expect.stringMatching(/^--interval "45s"/),
      '--results-runs "1001" is not an integer from 1 to 1000',
      '--results-detail-bytes "-1" is not a size in bytes (expected a whole number of bytes, or one with KiB, MiB or GiB, e.g. 33554432 or 32MiB)',
    ]);
  });

  it('sizes: bytes, KiB, MiB, GiB, up to 1GiB', () => {
    expect(parseByteSize('33554432', 'k')).toBe(33554432);
    expect(parseByteSize('64KiB', 'k')).toBe(65536);
    expect(parseByteSize('1 GiB', 'k')).toBe(2 ** 30);
    expect(parseByteSize('0', 'k')).toBe(0);
    expect(() => parseByteSize('1025MiB', 'k')).toThrow('k "1025MiB" is out of range (expected 0 to 1GiB)');
    expect(() => parseByteSize('1.5MiB', 'k')).toThrow(/not a size in bytes/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from './errors.ts';
import { loadGateConfig } from './gate.ts';
import { loadProberConfig } from './prober.ts';
import { formatDuration, MAX_DURATION_MS, parseDuration, parseListen, parseSchedule, parseShard } from './values.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-config-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Strings a user might type: arbitrary text, and text built from the grammar's own pieces. */
const typed = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^[-+ 0-9.:/[\]a-z*]{0,30}$/),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.constantFrom('', 'ms', 's', 'm', 'h', 'd', ' s', 'S')).map(([n, unit]) => `${n}${unit}`),
);

/** Runs `fn`; anything thrown must be the tool's own one-line ConfigError. */
function onlyConfigErrors<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    for (const line of (error as ConfigError).problems) expect(line).not.toContain('\n');
    return undefined;
  }
}

describe('durations', () => {
  it('arbitrary text: a duration within range or a ConfigError naming the text', () => {
    fc.assert(
      fc.property(typed, fc.boolean(), (text, bare) => {
        const ms = onlyConfigErrors(() => parseDuration(text, 'k', { bareMilliseconds: bare }));
        if (ms === undefined) return;
        expect(Number.isInteger(ms)).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(1);
        expect(ms).toBeLessThanOrEqual(MAX_DURATION_MS);
      }),
    );
  });

  it('every duration in range round-trips through its shortest text, and a bare number where allowed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_DURATION_MS }), (ms) => {
        expect(parseDuration(formatDuration(ms), 'k')).toBe(ms);
        expect(parseDuration(String(ms), 'k', { bareMilliseconds: true })).toBe(ms);
      }),
    );
  });

  it('out of range is refused naming the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_DURATION_MS + 1, max: Number.MAX_SAFE_INTEGER }), (ms) => {
        expect(() => parseDuration(`${ms}ms`, '--timeout')).toThrow(`--timeout "${ms}ms" is out of range`);
      }),
    );
  });
});

describe('schedules', () => {
  it('arbitrary text: a schedule or a ConfigError', () => {
    fc.assert(fc.property(fc.oneof(typed, fc.array(typed, { maxLength: 7 }).map((f) => f.join(' '))), (text) => void onlyConfigErrors(() => parseSchedule(text, 'k'))));
  });

  it('every interval that divides its unit round-trips', () => {
    const divisors = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0 && d < n);
    const every = fc.oneof(
      fc.constantFrom(...divisors(60)).map((n) => ({ text: `${n}s`, seconds: n })),
      fc.constantFrom(...divisors(60)).map((n) => ({ text: `${n}m`, seconds: n * 60 })),
      fc.constantFrom(...divisors(24)).map((n) => ({ text: `${n}h`, seconds: n * 3600 })),
    );
    fc.assert(
      fc.property(every, ({ text, seconds }) => {
        const schedule = parseSchedule(text, 'k');
        expect(schedule).toEqual({ kind: 'every', seconds, text });
        expect(parseSchedule(schedule.text, 'k')).toEqual(schedule);
      }),
    );
  });
});

describe('listen addresses', () => {
  const host = fc.oneof(
    fc.ipV4(),
    fc.domain(),
    fc.ipV6().map((v6) => ({ bracketed: true as const, v6 })),
  );

  it('arbitrary text: an address or a ConfigError', () => {
    fc.assert(fc.property(typed, (text) => void onlyConfigErrors(() => parseListen(text, '--listen'))));
  });

  it('host:port and [v6]:port round-trip', () => {
    fc.assert(
      fc.property(host, fc.integer({ min: 0, max: 65535 }), (h, port) => {
        const text = typeof h === 'string' ? `${h}:${port}` : `[${h.v6}]:${port}`;
        expect(parseListen(text, '--listen')).toEqual({ host: typeof h === 'string' ? h : h.v6, port });
      }),
    );
  });
});

describe('shards', () => {
  it('arbitrary text: a shard or a ConfigError', () => {
    fc.assert(fc.property(typed, (text) => void onlyConfigErrors(() => parseShard(text))));
  });

  it('INDEX/COUNT round-trips for every 0 <= INDEX < COUNT', () => {
    const shard = fc.integer({ min: 1, max: 1_000_000 }).chain((count) => fc.record({ index: fc.integer({ min: 0, max: count - 1 }), count: fc.constant(count) }));
    fc.assert(
      fc.property(shard, (s) => {
        expect(parseShard(`${s.index}/${s.count}`)).toEqual(s);
      }),
    );
  });
});

describe('the prober config file', () => {
  let n = 0;
  const load = (text: string) => {
    const path = join(dir, `c${(n += 1)}.yaml`);
    writeFileSync(path, text);
    return loadProberConfig({ flags: { config: path }, env: { PW: '' }, catalog: [{ id: 'get-me', readOnly: true }] });
  };

  it('arbitrary YAML and arbitrary text: a config or a ConfigError', () => {
    const keys = fc.constantFrom('targets', 'name', 'baseUrl', 'timeout', 'interval', 'listen', 'probes', 'stateChange', 'username', 'passwordEnv', 'include', '__proto__', 'constructor');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), typed, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(keys, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(fc.oneof(tree.map((t) => stringify(t)), typed), (text) => void onlyConfigErrors(() => load(text))), { numRuns: 300 });
  });

  it('generated valid files load with the values they were written with', () => {
    const target = fc.record({
      name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,20}$/),
      baseUrl: fc.domain().map((d) => `http://${d}:8080/api/v2`),
      timeoutMs: fc.integer({ min: 1, max: MAX_DURATION_MS }),
    });
    const targets = fc.uniqueArray(target, { minLength: 1, maxLength: 5, selector: (t) => t.name });
    fc.assert(
      fc.property(targets, (list) => {
        const text = stringify({ targets: list.map((t) => ({ name: t.name, baseUrl: t.baseUrl, username: 'u', passwordEnv: 'PW', timeout: formatDuration(t.timeoutMs) })) });
        const config = load(text);
        expect(config?.targets.map((t) => ({ name: t.name, baseUrl: t.baseUrl, timeoutMs: t.defaults.timeoutMs }))).toEqual(list);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the gate flags', () => {
  it('arbitrary values: a config or a ConfigError', () => {
    const reportsDir = join(dir, 'reports');
    fc.assert(
      fc.property(fc.record({ timeout: typed, latencyBudget: typed, asyncDeadline: typed, retries: typed, grep: typed, notifications: typed, tags: fc.array(typed, { maxLength: 2 }) }, { requiredKeys: [] }), (flags) => {
        void onlyConfigErrors(() => loadGateConfig({ ...flags, reportsDir }, {}));
      }),
    );
  });
});

import type { TestCase } from 'vitest/node';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadContracts } from '../../contracts/index.ts';
import { ContractProgress } from './progress.ts';

// The printer names documentation pages from the catalog: compile the schemas once, outside the tests' time.
beforeAll(() => void loadContracts(), 60_000);

/** The parts of a vitest test case the progress printer reads. */
function finished(name: string, state: 'passed' | 'failed' | 'skipped', over: { note?: string; tags?: string[]; message?: string } = {}): TestCase {
  return {
    name,
    tags: over.tags ?? [],
    options: { mode: 'run' },
    module: { moduleId: '/repo/specs/catalog.spec.ts' },
    meta: () => ({}),
    diagnostic: () => ({ duration: 12.4, retryCount: 0, flaky: false }),
    result: () => (state === 'failed' ? { state, errors: [{ message: over.message ?? 'boom' }] } : state === 'skipped' ? { state, note: over.note } : { state }),
  } as unknown as TestCase;
}

function printer(mode: 'live' | 'plain', color = false, strict = false): { progress: ContractProgress; out: string[] } {
  const out: string[] = [];
  let now = 0;
  const progress = new ContractProgress({ root: '/repo', strict, mode, color, write: (t) => out.push(t), now: () => (now += 500) });
  return { progress, out };
}

describe('ContractProgress', () => {
  test('plain: one line per finished contract with a running count, the reason of a skip, no escape codes', () => {
    const { progress, out } = printer('plain');
    progress.onTestCaseResult(finished('get-me: answers', 'passed'));
    progress.onTestCaseResult(finished('get-me: fails', 'failed', { message: 'statusCode 4, expected 0' }));
    progress.onTestCaseResult(finished('get-skills: answers', 'skipped', { note: 'admin credentials not configured' }));
    progress.onTestRunEnd();
    expect(out.join('')).toBe(
      ['[1] PASS  get-me: answers (12 ms)', '[2] FAIL  get-me: fails (12 ms)', '        statusCode 4, expected 0', '[3] SKIP  get-skills: answers (12 ms): admin credentials not configured', ''].join('\n'),
    );
  });

  test('a contract left out by the selection prints nothing', () => {
    const { progress, out } = printer('plain');
    progress.onTestCaseResult(finished('get-me: answers', 'skipped'));
    expect(out).toEqual([]);
  });

  test('live: each line clears the status line, which follows with the counts and the running contract; the end clears it', () => {
    const { progress, out } = printer('live');
    progress.onTestCaseReady(finished('get-me: answers', 'passed'));
    expect(out.shift()).toBe('\r\u001b[2K0 done · 0.5 s · running get-me: answers');
    progress.onTestCaseResult(finished('get-me: answers', 'passed'));
    progress.onTestCaseResult(finished('get-me-skills: answers', 'failed', { tags: ['unconfirmed'] }));
    expect(out[0]).toBe('\r\u001b[2KPASS  get-me: answers (12 ms)\n1 done: 1 passed · 1.0 s');
    expect(out[1]).toBe('\r\u001b[2KWARN  get-me-skills: answers (12 ms)\n        boom\n2 done: 1 passed, 1 warning · 1.5 s');
    progress.onTestRunEnd();
    expect(out[2]).toBe('\r\u001b[2K');
  });

  test('colour wraps the outcome word; --strict keeps an unconfirmed failure a failure', () => {
    const { progress, out } = printer('plain', true, true);
    progress.onTestCaseResult(finished('get-me-skills: answers', 'failed', { tags: ['unconfirmed'] }));
    expect(out[0]?.startsWith('[1] \u001b[31mFAIL \u001b[0m get-me-skills: answers \u001b[2m(12 ms)\u001b[0m')).toBe(true);
  });
});

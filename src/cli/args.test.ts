import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './args.ts';
import { UsageError } from './exit-codes.ts';

const OPTIONS = { retries: { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function problem(args: string[]): string {
  try {
    parseCommandLine('contract', args, OPTIONS);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  it('a value starting with a dash is the value, so a range check can name it', () => {
    expect(parseCommandLine('contract', ['--retries', '-1'], OPTIONS)).toMatchObject({ retries: '-1' });
    expect(parseCommandLine('contract', ['--retries', '2', '--strict'], OPTIONS)).toMatchObject({ retries: '2', strict: true });
  });

  it.each([
    [['--retries'], '--retries needs a value (see gwscheck contract --help)'],
    [['--retries', '--strict'], '--retries needs a value (see gwscheck contract --help)'],
    [['--retries', '-h'], '--retries needs a value (see gwscheck contract --help)'],
    [['--bogus'], "Unknown option '--bogus' (see gwscheck contract --help)"],
    [['extra'], 'unexpected argument "extra": gwscheck contract takes only options (see gwscheck contract --help)'],
  ])('%j: one line naming the flag', (args, message) => {
    expect(problem(args)).toBe(message);
  });
});

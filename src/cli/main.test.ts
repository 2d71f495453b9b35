import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../config/index.ts';
import { EXIT, UnreachableError } from './exit-codes.ts';
import { main, type Command } from './main.ts';

function command(run: (args: string[]) => Promise<number>): Readonly<Record<string, Command>> {
  return { check: { summary: 'test command', load: () => Promise.resolve({ run }), guardsStrayErrors: false } };
}

function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('main: one exit code per kind of ending', () => {
  it('a crash inside gwscheck is exit 4 with one line; the stack only with --debug', async () => {
    const crash = command(() => Promise.reject(new TypeError('cannot read properties of undefined (reading "x")')));
    const quiet = captureStderr();
    expect(await main(['check'], crash)).toBe(EXIT.internal);
    expect(quiet).toEqual(['gwscheck check: internal error: cannot read properties of undefined (reading "x") (--debug prints the stack)']);

    const loud = captureStderr();
    expect(await main(['check', '--debug'], crash)).toBe(4);
    expect(loud[0]).toBe('gwscheck check: internal error: cannot read properties of undefined (reading "x")');
    expect(loud[1]).toMatch(/^TypeError: cannot read properties[\s\S]*\n\s+at /);
  });

  it('--debug is not passed on to the command', async () => {
    let seen: string[] = [];
    const spy = command((args) => {
      seen = args;
      return Promise.resolve(0);
    });
    expect(await main(['--debug', 'check', '--flag'], spy)).toBe(0);
    expect(seen).toEqual(['--flag']);
  });

  it('configuration problems: exit 2, each on its own line', async () => {
    const lines = captureStderr();
    expect(await main(['check'], command(() => Promise.reject(new ConfigError(['--a "x" is bad', '--b "y" is bad']))))).toBe(EXIT.usage);
    expect(lines).toEqual(['gwscheck check: --a "x" is bad', 'gwscheck check: --b "y" is bad']);
  });

  it('an unreachable target: exit 3', async () => {
    const lines = captureStderr();
    expect(await main(['check'], command(() => Promise.reject(new UnreachableError('http://h/api/v2 is unreachable'))))).toBe(3);
    expect(lines).toEqual(['gwscheck check: http://h/api/v2 is unreachable']);
  });

  it('--help lists the exit codes, 4 included', async () => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => void out.push(String(text)));
    expect(await main(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/4 internal error/);
  });
});

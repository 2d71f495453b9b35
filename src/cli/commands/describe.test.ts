import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EXIT } from '../exit-codes.ts';
import { main } from '../main.ts';

function captureOutput(): { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void stdout.push(args.map(String).join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void stderr.push(args.map(String).join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0);
  return { stdout, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('gwscheck openapi | asyncapi: bad input is exit 2 with one line naming it', () => {
  it.each([
    [['openapi', '--format', 'xml'], 'gwscheck openapi: --format "xml" must be json or yaml'],
    [['asyncapi', '--format', ''], 'gwscheck asyncapi: --format "" must be json or yaml'],
    [['asyncapi', '--out', 'document.txt'], 'gwscheck asyncapi: --out "document.txt" names no format by its extension (expected .json, .yaml or .yml, or --format json|yaml)'],
    [['openapi', '--server-url', 'gws.example.com'], 'gwscheck openapi: --server-url "gws.example.com" is not an absolute http or https URL (expected e.g. https://gws.example.com/api/v2)'],
    [['openapi', '--server-url', 'ftp://gws.example.com/api/v2'], 'gwscheck openapi: --server-url "ftp://gws.example.com/api/v2" is not an absolute http or https URL (expected e.g. https://gws.example.com/api/v2)'],
    [['asyncapi', '--out', ''], 'gwscheck asyncapi: --out needs a file name'],
    [['openapi', 'extra'], 'gwscheck openapi: unexpected argument "extra": gwscheck openapi takes only options (see gwscheck openapi --help)'],
    [['openapi', '--schemas', 'dir'], "gwscheck openapi: Unknown option '--schemas' (see gwscheck openapi --help)"],
  ])('%j', async (argv, line) => {
    const { stdout, stderr } = captureOutput();
    expect(await main(argv)).toBe(EXIT.usage);
    expect(stderr).toEqual([line]);
    expect(stdout).toEqual([]);
  });

  it('two bad values are both named, one line each', async () => {
    const { stderr } = captureOutput();
    expect(await main(['openapi', '--format', 'xml', '--server-url', 'nowhere'])).toBe(EXIT.usage);
    expect(stderr).toEqual([
      'gwscheck openapi: --format "xml" must be json or yaml',
      'gwscheck openapi: --server-url "nowhere" is not an absolute http or https URL (expected e.g. https://gws.example.com/api/v2)',
    ]);
  });
});

describe('gwscheck openapi | asyncapi: where the document goes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-describe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--format wins over the extension of --out; the file is written and named on stderr', async () => {
    const file = join(dir, 'openapi.json');
    const { stderr } = captureOutput();
    expect(await main(['openapi', '--format', 'yaml', '--out', file])).toBe(EXIT.ok);
    expect((parseYaml(readFileSync(file, 'utf8')) as { openapi: string }).openapi).toBe('3.1.0');
    expect(stderr).toEqual([`gwscheck openapi: wrote ${file} (yaml)`]);
  });

  it('a file it cannot write is exit 2 naming it and the reason', async () => {
    const { stderr } = captureOutput();
    const file = join(dir, 'no-such-dir', 'asyncapi.json');
    expect(await main(['asyncapi', '--out', file])).toBe(EXIT.usage);
    expect(stderr).toEqual([`gwscheck asyncapi: cannot write --out "${file}" (ENOENT); expected a file in an existing directory that gwscheck may write`]);
  });

  it('asyncapi --help names its options', async () => {
    const { stdout } = captureOutput();
    expect(await main(['asyncapi', '--help'])).toBe(EXIT.ok);
    expect(stdout.join('\n')).toMatch(/Usage: gwscheck asyncapi \[options\][\s\S]*--out FILE[\s\S]*--format json\|yaml[\s\S]*--server-url URL/);
  });
});

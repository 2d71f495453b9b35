// `gwscheck openapi` and `gwscheck asyncapi` as a user runs them: help, the document on stdout or
// in a file in either format, and exit 2 with one line naming a bad value.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { asyncApiDocument, openApiDocument } from '../../src/openapi/index.ts';
import { runCli } from '../gate/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gwscheck-describe-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('gwscheck openapi | asyncapi', () => {
  test('--help names every option and the exit codes', async () => {
    const run = await runCli(['openapi', '--help']);
    expect(run.status).toBe(0);
    for (const option of ['--out FILE', '--format json|yaml', '--server-url URL', '--help']) expect(run.stdout).toContain(option);
    expect(run.stdout).toMatch(/Exit codes: 0 written, 2 usage error/);
  });

  test('openapi writes the generated document to stdout as JSON', async () => {
    const run = await runCli(['openapi']);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  test('asyncapi --out FILE.yaml writes YAML (the format from the extension), with --server-url as its server', async () => {
    const file = join(dir, 'asyncapi.yaml');
    const run = await runCli(['asyncapi', '--out', file, '--server-url', 'https://gws.example.com/api/v2']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`wrote ${file} (yaml)`);
    const written = parseYaml(readFileSync(file, 'utf8')) as unknown;
    expect(written).toEqual(JSON.parse(JSON.stringify(asyncApiDocument({ serverUrl: 'https://gws.example.com/api/v2' }))));
  });

  // Every other bad value, --format against the extension, asyncapi --help: src/cli/commands/describe.test.ts, in-process.
  test('a bad value is exit 2 with one line naming it', async () => {
    const run = await runCli(['openapi', '--format', 'xml']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('gwscheck openapi: --format "xml" must be json or yaml\n');
  });
});

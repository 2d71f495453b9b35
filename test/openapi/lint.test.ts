// The OpenAPI document passes the linters people use, with their recommended rules: Redocly's
// `recommended` and Spectral's `spectral:oas`. The warnings each leaves are the ones
// docs/openapi.md justifies, and no other.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bin, runTool, writeDocuments } from './harness.ts';

const documents = writeDocuments('lint');
afterAll(() => documents.remove());
// Each tool's recommended rules, named in the configuration file it reads from the working directory.
// Redocly's example rule is raised to an error, and told to read a schema as open unless it says
// otherwise: by default it closes every object schema (`unevaluatedProperties: false` injected into
// each subschema), which the attributes an `allOf` member or a `then` branch adds would break.
writeFileSync(
  join(documents.dir, 'redocly.yaml'),
  'extends:\n  - recommended\nrules:\n  no-invalid-media-type-examples:\n    severity: error\n    allowAdditionalProperties: true\n',
);
const SPECTRAL_RULESET = join(documents.dir, '.spectral.yaml');
writeFileSync(SPECTRAL_RULESET, 'extends: ["spectral:oas"]\n');

/** Rule → why the warning stands (docs/openapi.md, "Linting"). */
const JUSTIFIED_REDOCLY_WARNINGS: Readonly<Record<string, string>> = {
  'no-server-example.com': 'the server is the API root of `gwscheck simulate` on localhost until --server-url names a real one',
  'operation-4xx-response': 'GET /diagnostics/version needs no credentials and documents only statusCodes 0 and 4 (HTTP 200, 503)',
};
const JUSTIFIED_SPECTRAL_WARNINGS: Readonly<Record<string, string>> = {
  'info-contact': 'the document is generated from the catalog, which names no contact',
};

interface RedoclyProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: readonly { readonly pointer: string }[];
}

interface SpectralResult {
  readonly code: string;
  /** 0 error, 1 warning, 2 information, 3 hint. */
  readonly severity: number;
  readonly message: string;
  readonly path: readonly string[];
}

const describeProblem = (rule: string, message: string, where: string): string => `${rule}: ${message} at ${where}`;

describe.concurrent('OpenAPI linters', () => {
  test('redocly lint (recommended rules) finds no error, and only the justified warnings', async () => {
    const run = await runTool(bin('redocly'), ['lint', documents.openapi, '--format=json', '--max-problems', '1000'], documents.dir);
    const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: readonly RedoclyProblem[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => describeProblem(p.ruleId, p.message, p.location[0]?.pointer ?? ''));
    expect(errors).toEqual([]);
    expect(run.status).toBe(0);
    const unjustified = report.problems.filter((p) => JUSTIFIED_REDOCLY_WARNINGS[p.ruleId] === undefined).map((p) => describeProblem(p.ruleId, p.message, p.location[0]?.pointer ?? ''));
    expect(unjustified).toEqual([]);
  });

  test('spectral lint (spectral:oas) finds no error, and only the justified warnings', async () => {
    const run = await runTool(bin('spectral'), ['lint', documents.openapi, '--ruleset', SPECTRAL_RULESET, '--format', 'json', '--quiet'], documents.dir);
    const results = JSON.parse(run.stdout === '' ? '[]' : run.stdout) as readonly SpectralResult[];
    const errors = results.filter((r) => r.severity === 0).map((r) => describeProblem(r.code, r.message, r.path.join('/')));
    expect(errors).toEqual([]);
    const unjustified = results.filter((r) => r.severity === 1 && JUSTIFIED_SPECTRAL_WARNINGS[r.code] === undefined).map((r) => describeProblem(r.code, r.message, r.path.join('/')));
    expect(unjustified).toEqual([]);
  });

  test('the same runs do report errors: a document with a dangling $ref and an operation without responses', async () => {
    const broken = {
      openapi: '3.1.0',
      info: { title: 'broken', version: '1', license: { name: 'MIT', identifier: 'MIT' } },
      paths: { '/me': { get: { operationId: 'get-me', summary: 'me', responses: {}, parameters: [{ $ref: '#/components/parameters/nothing-here' }] } } },
    };
    const file = join(documents.dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const [redocly, spectral] = await Promise.all([
      runTool(bin('redocly'), ['lint', file, '--format=json'], documents.dir),
      runTool(bin('spectral'), ['lint', file, '--ruleset', SPECTRAL_RULESET, '--format', 'json', '--quiet'], documents.dir),
    ]);
    const redoclyErrors = (JSON.parse(redocly.stdout) as { problems: readonly RedoclyProblem[] }).problems.filter((p) => p.severity === 'error');
    expect(redoclyErrors.map((p) => p.ruleId)).toContain('no-unresolved-refs');
    expect(redocly.status).not.toBe(0);
    expect((JSON.parse(spectral.stdout) as readonly SpectralResult[]).filter((r) => r.severity === 0).map((r) => r.code)).toContain('invalid-ref');
  });
});

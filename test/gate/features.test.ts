// The gate reads the server's features before any contract: a contract whose feature the server
// does not enable is skipped, saying which [src: Features 8.5.1]; --require-feature makes a missing
// one a configuration error; the reports list the features found.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unmetFeatures } from '../../src/gate/runner/preflight.ts';
import type { ContractReport } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { runCli, type CliRun } from './cli.ts';

const work = mkdtempSync(join(tmpdir(), 'gwscheck-features-'));
let simulator: RunningSimulator;
let lying: RunningSimulator;
let withoutMultimedia: { readonly cli: CliRun; readonly report: ContractReport };
let required: CliRun;
let misListed: { readonly cli: CliRun; readonly report: ContractReport };

const target = (url: string): string[] => ['--base-url', url, '--username', 'ksippo', '--contact-center-id', 'gwscheck-test', '--queue-uri', `${url}/queues/1`, '--openmedia-type', 'workitem'];

beforeAll(async () => {
  simulator = await listen(buildSimulator({ disabledFeatures: ['api-multimedia'] }), { host: '127.0.0.1', port: 0 });
  lying = await listen(buildSimulator({ disabledFeatures: ['api-multimedia'], defects: ['feature-listed-not-served'] }), { host: '127.0.0.1', port: 0 });
  const report = (dir: string): ContractReport => JSON.parse(readFileSync(join(work, dir, 'contract-report.json'), 'utf8')) as ContractReport;
  const [skipped, refused, listedOff] = await Promise.all([
    runCli(['contract', ...target(simulator.url), '--tag', 'multimedia', '--reports', join(work, 'skipped')]),
    runCli(['contract', ...target(simulator.url), '--require-feature', 'api-voice', '--require-feature', 'api-multimedia', '--reports', join(work, 'required')]),
    runCli(['contract', ...target(lying.url), '--grep', '^get-me-chats: answers', '--reports', join(work, 'lying')]),
  ]);
  withoutMultimedia = { cli: skipped, report: report('skipped') };
  required = refused;
  misListed = { cli: listedOff, report: report('lying') };
}, 120_000);

afterAll(async () => {
  await Promise.all([simulator.close(), lying.close()]);
  rmSync(work, { recursive: true, force: true });
});

describe('a server without api-multimedia', () => {
  test('the chat, email and open-media contracts are skipped naming the feature, and the gate holds', () => {
    const { cli, report } = withoutMultimedia;
    expect(cli.status, cli.stdout.slice(-2000)).toBe(0);
    expect(report.results.length).toBeGreaterThan(10);
    // RequestChat needs no feature [src: CustomerChatRequestChat: "Required Features: -"]: a customer may still ask for a chat.
    const ran = report.results.filter((r) => r.outcome !== 'skipped').map((r) => r.name);
    expect(ran).toEqual(['post-chats: answers POST /chats as the catalog says']);
    for (const result of report.results.filter((r) => r.outcome === 'skipped')) {
      expect(result.message, result.name).toMatch(/the server does not enable api-multimedia \(GET \/features lists [a-z, -]*api-voice/);
    }
  });

  test('the reports list the features found', () => {
    const { cli, report } = withoutMultimedia;
    expect(report.summary.features).toContain('api-voice');
    expect(report.summary.features).not.toContain('api-multimedia');
    expect(cli.stdout).toMatch(/Features: .*api-voice/);
  });

  test('--require-feature api-multimedia: exit 2, one line naming it, no contract run', () => {
    expect(required.status, required.stderr).toBe(2);
    const lines = required.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--require-feature api-multimedia: the server does not enable it \(GET \/features lists [a-z, -]*api-voice/);
    expect(required.stdout).not.toMatch(/PASS|FAIL/);
  });
});

describe('a server that lists api-multimedia but refuses its operations (feature-listed-not-served)', () => {
  test('the contracts run and fail: exit 1, GET /me/chats answering statusCode 6 where the catalog expects a list', () => {
    const { cli, report } = misListed;
    expect(cli.status, cli.stdout.slice(-2000)).toBe(1);
    expect(report.summary.features).toContain('api-multimedia');
    const failed = report.results.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.name)).toEqual(['get-me-chats: answers GET /me/chats as the catalog says']);
    expect(failed[0]?.violations.map((v) => v.message).join('\n')).toMatch(/statusCode 6/);
  });
});

describe('unmetFeatures', () => {
  test('nothing required, or all listed: nothing to say', () => {
    expect(unmetFeatures([], { kind: 'unknown', why: 'x' })).toBeUndefined();
    expect(unmetFeatures(['api-voice'], { kind: 'listed', features: ['api-voice', 'api-multimedia'] })).toBeUndefined();
  });

  test('a missing feature, or a server that lists none, is one line naming the feature', () => {
    expect(unmetFeatures(['api-voice', 'api-x', 'api-y'], { kind: 'listed', features: ['api-voice'] })).toBe('--require-feature api-x, api-y: the server does not enable them (GET /features lists api-voice)');
    expect(unmetFeatures(['api-voice'], { kind: 'unknown', why: 'GET /features answered HTTP 404' })).toBe('--require-feature api-voice: the server lists no features (GET /features answered HTTP 404; expected GET /features to list them)');
  });
});

// Prism mocks the API from the OpenAPI document alone, and the gate's read-only contracts run
// against the mock with --static-mock: every shape contract of a read holds on the examples the
// document carries, and what needs a server that keeps state (credentials, roles, sessions, a call
// in progress) is skipped saying so; nothing fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NEEDS_CALL, NEEDS_CHAT } from '../../src/contracts/outcomes.ts';
import { contractSources } from '../../src/contracts/description.ts';
import type { ContractReport } from '../../src/reporters/index.ts';
import { runCli, type CliRun } from '../gate/cli.ts';
import { startPrism, writeDocuments, type RunningPrism } from './harness.ts';

type ContractResult = ContractReport['results'][number];

/** Reads of a call or a chat: the gate has one made first (a Dial, a customer's RequestChat), which a mock never makes. */
const NEEDS_INTERACTION = new Set(contractSources().catalog.filter((op) => op.tags.includes(NEEDS_CALL) || op.tags.includes(NEEDS_CHAT)).map((op) => op.id));
const named = (name: RegExp, why: string) => ({ why, covers: (result: ContractResult) => name.test(result.name) });

/** Contracts only a server with state can pass, and why (docs/openapi.md, "A mock from the document"): --static-mock skips each. */
const NEEDS_A_SERVER: readonly { readonly why: string; readonly covers: (result: ContractResult) => boolean }[] = [
  named(/: refuses a wrong password with statusCode 20$/, 'a mock takes any Basic credentials; only a server knows the password'),
  named(/: refuses an agent with statusCode 3 or 5 where an admin succeeds$/, 'a mock answers every user alike; roles are the server\'s'),
  named(/^get-me: answers the admin user with documented role strings$/, 'a mock has one /me for every user'),
  named(/^get-me: the JSESSIONID cookie alone authenticates$/, 'a mock keeps no session and sets no cookie'),
  named(/^get-me: a request URL over 2000 characters is not a success$/, 'the URL limit is the server\'s'),
  named(/: an unknown skill of a user is refused with statusCode 6$/, 'a mock does not know which ids exist'),
  named(/: a settings group the server does not have is refused with statusCode 6$/, 'a mock does not know which settings groups exist'),
  {
    why: 'a mock answers a read with its example whatever the query asks: field lists, subresources, filters, sorting and limits are a server\'s (specs/reads.spec.ts)',
    covers: (result) => result.tags.includes('reads'),
  },
  {
    why: `a read tagged ${NEEDS_CALL} or ${NEEDS_CHAT} needs a call dialled or a chat offered first, and waits for it; a mock's calls and chats never change`,
    covers: (result) => NEEDS_INTERACTION.has(result.name.split(':')[0] ?? '') && / as the catalog says$/.test(result.name),
  },
];

const documents = writeDocuments('prism-mock');
let prism: RunningPrism | undefined;
let gate: CliRun;
let report: ContractReport;

beforeAll(async () => {
  prism = await startPrism('mock', [documents.openapi], documents.dir);
  const password = join(documents.dir, 'password');
  writeFileSync(password, 'any\n');
  const reports = join(documents.dir, 'reports');
  gate = await runCli([
    // Nothing on a static mock ever changes: a short deadline keeps the calls that wait for it short.
    // The budget is Prism's, not the API's: two cores shared with other tests may slow it down.
    'contract', '--tag', 'read-only', '--base-url', prism.url, '--quiet', '--reports', reports, '--async-deadline', '1s', '--latency-budget', '10s',
    '--username', 'ksippo', '--password-file', password,
    '--admin-username', 'admin', '--admin-password-file', password,
    '--supervisor-username', 'lsupervisor', '--supervisor-password-file', password,
    '--openmedia-type', 'workitem', '--static-mock',
  ]);
  report = JSON.parse(readFileSync(join(reports, 'contract-report.json'), 'utf8')) as ContractReport;
}, 120_000);

afterAll(async () => {
  await prism?.close();
  documents.remove();
});

describe('prism mock + gwscheck contract --tag read-only', () => {
  test('every shape contract of a read that needs no call or chat passes against the mock', () => {
    const reads = contractSources().catalog.filter((op) => op.readOnly && !NEEDS_INTERACTION.has(op.id));
    const outcomes = new Map(report.results.map((r) => [r.name, r.outcome]));
    const shapes = reads.map((op) => [op.id, outcomes.get(`${op.id}: answers ${op.method} ${op.path} as the catalog says`)] as const);
    expect(shapes.filter(([, outcome]) => outcome !== 'passed'), gate.stdout.slice(-3000)).toEqual([]);
  });

  test('nothing fails; what needs a server with state is skipped, naming the static mock', () => {
    const failed = report.results.filter((r) => r.outcome !== 'passed' && r.outcome !== 'skipped');
    expect(failed.map((r) => `${r.name} (${String(r.operation)}): ${r.message ?? ''}`.slice(0, 400))).toEqual([]);
    const needsServer = report.results.filter((r) => NEEDS_A_SERVER.some((reason) => reason.covers(r)));
    expect(needsServer.some((r) => /refuses a wrong password/.test(r.name))).toBe(true);
    const notSkipped = needsServer.filter((r) => r.outcome !== 'skipped' || !/^the target is a static mock \(--static-mock\): /.test(r.message ?? ''));
    expect(notSkipped.map((r) => `${r.name}: ${r.outcome} ${r.message ?? ''}`)).toEqual([]);
  });
});

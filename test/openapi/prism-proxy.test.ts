// Prism as a validation proxy in front of the simulator: while the gate runs its positive
// contracts through it, every request and answer is checked against the OpenAPI document, and
// Prism reports no violation. CometD, which the AsyncAPI document describes and no OpenAPI path
// does, goes from the same address straight to the simulator.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, type CliRun } from '../gate/cli.ts';
import { startSimulator, type TestSimulator } from '../prober/harness.ts';
import { startPrism, startRouter, writeDocuments, type RunningPrism } from './harness.ts';

const documents = writeDocuments('prism-proxy');
let simulator: TestSimulator | undefined;
let prism: RunningPrism | undefined;
let router: { readonly url: string; close(): Promise<void> } | undefined;
let gate: CliRun;

/**
 * Prism's log lines about a request or answer the document does not allow: its warnings and errors
 * (`⚠`, `✖`), the violations they list, and the requests it ended with an error instead of forwarding.
 */
const violations = (log: string): string[] => log.split('\n').filter((line) => /[⚠✖]|violation|terminated with error/i.test(line));

beforeAll(async () => {
  simulator = await startSimulator();
  prism = await startPrism('proxy', ['--errors', documents.openapi, simulator.url], documents.dir);
  router = await startRouter(prism.url, simulator.url);
  // The seed's users: the agent ksippo (empty password), admin/admin, lsupervisor/supervisor.
  // Prism's validation adds to every answer's time, and two cores are shared with other tests: the
  // latency budget here is the proxy's, not the API's.
  gate = await runCli(['contract', '--tag', 'positive', '--quiet', '--latency-budget', '10s', '--reports', `${documents.dir}/reports`], {
    GWS_BASE_URL: router.url,
    GWS_USERNAME: 'ksippo',
    GWS_PASSWORD: '',
    GWS_ADMIN_USERNAME: 'admin',
    GWS_ADMIN_PASSWORD: 'admin',
    GWS_SUPERVISOR_USERNAME: 'lsupervisor',
    GWS_SUPERVISOR_PASSWORD: 'supervisor',
  });
}, 120_000);

afterAll(async () => {
  await router?.close();
  await prism?.close();
  await simulator?.close();
  documents.remove();
});

describe('prism proxy --errors in front of the simulator + gwscheck contract --tag positive', () => {
  test('the positive contracts pass through the proxy, and Prism reports no violation', () => {
    expect(violations(prism?.log() ?? '')).toEqual([]);
    expect(gate.status, `${gate.stdout.slice(-3000)}\n${gate.stderr}`).toBe(0);
    expect(gate.stdout).toMatch(/all selected contracts held/);
    // Every answer went through Prism: the simulator's API root is where it forwarded them.
    expect((prism?.log() ?? '').match(/Forwarding "(get|post)" request/g)?.length ?? 0).toBeGreaterThan(50);
  });

  test('the proxy does refuse what the document does not allow: an operationName no request schema names', async () => {
    const answer = await fetch(`${prism?.url ?? ''}/me/channels/voice`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ operationName: 'Teleport' }),
    });
    expect(answer.status).toBe(422);
    expect(await answer.text()).toMatch(/operationName/);
  });
});

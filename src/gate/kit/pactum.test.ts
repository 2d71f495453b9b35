import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts } from '../../contracts/index.ts';
import { gwsSchemaAdapter, usePactum } from './pactum.ts';

const contracts = loadContracts();
const ENVELOPE = 'https://gwscheck.dev/schemas/common/envelope.json';

let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(req.url === '/bad' ? '{"statusCode":"0"}' : '{"statusCode":0}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("pactum's schema checks", () => {
  it("judge with the gate's schemas, named by $id", () => {
    const adapter = gwsSchemaAdapter(contracts);
    expect(adapter.validate({ $ref: ENVELOPE }, { statusCode: 0 })).toBeUndefined();
    expect(adapter.validate({ $ref: ENVELOPE }, { statusCode: 'x' })).toMatch(/\/statusCode: must be integer/);
  });

  it('refuse a schema of their own, naming what to pass instead', () => {
    expect(gwsSchemaAdapter(contracts).validate({ type: 'object' }, {})).toBe('the gate validates against its own schemas only: pass { $ref: "<schema $id>" } (got undefined)');
  });

  it("are routed through the gate's schemas in the pactum a spec gets", async () => {
    const pactum = await usePactum(contracts);
    // pactum prints a failed spec's exchange; the failure is the expected outcome here.
    pactum.settings.setLogLevel('SILENT');
    await pactum.spec().get(`${origin}/good`).expectJsonSchema({ $ref: ENVELOPE });
    await expect(pactum.spec().get(`${origin}/bad`).expectJsonSchema({ $ref: ENVELOPE }).toss()).rejects.toThrow(/must be integer/);
  });
});

import { expandPath, resolveParams, type Operation } from '../../contracts/index.ts';
import type { Gate } from './harness.ts';
import type { Exchange, GateRequest, GateSession } from './http.ts';

/** The example's path params, resolved on the live server as the catalog's `paramSources` describe. */
export async function paramsFor(gate: Gate, operation: Operation): Promise<Record<string, string>> {
  return resolveParams(operation, async (sourceId) => {
    const source = gate.operation(sourceId);
    const session = gate.sessionFor(source.identity);
    if (session === undefined) throw new Error(`${operation.id}: ${sourceId} needs admin credentials to find a path parameter`);
    const exchange = await session.send(await exampleRequest(gate, source));
    return exchange.response.body;
  });
}

/** An example's headers, the Customer Chat API's ContactCenterId naming the target's own contact center when one is configured. */
function headersFor(gate: Gate, headers: Readonly<Record<string, string>>): Record<string, string> {
  const contactCenterId = gate.context.target.contactCenterId;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, name === 'ContactCenterId' && contactCenterId !== undefined ? contactCenterId : value]));
}

/** The catalog's example request of an operation, params resolved. */
export async function exampleRequest(gate: Gate, operation: Operation, overrides: Partial<GateRequest> = {}): Promise<GateRequest> {
  const params = await paramsFor(gate, operation);
  return {
    method: operation.method,
    path: expandPath(operation, params),
    ...(operation.example.query ? { query: operation.example.query } : {}),
    ...(operation.example.body !== undefined ? { body: operation.example.body } : {}),
    ...(operation.example.headers !== undefined ? { headers: headersFor(gate, operation.example.headers) } : {}),
    ...overrides,
  };
}

/** Sends an operation's example with a session. */
export async function sendExample(gate: Gate, operation: Operation, session: GateSession, overrides: Partial<GateRequest> = {}): Promise<Exchange> {
  const request = await exampleRequest(gate, operation, overrides);
  const exchange = await session.send(request);
  if ((request.body as { operationName?: string } | undefined)?.operationName === 'EndContactCenterSession') session.reset();
  return exchange;
}

import type { Gate } from './harness.ts';

/**
 * Asks the simulator's control API (`POST <origin>/__simulator/<what>`) to deliver something to the
 * agent that no GWS API can (an inbound call, email or open-media item) and returns the id its
 * answer names under `idKey`; undefined on a target without that API.
 */
export async function deliverThroughSimulator(gate: Gate, what: 'calls' | 'emails' | 'openmedia', idKey: string, body: Readonly<Record<string, unknown>>): Promise<string | undefined> {
  try {
    const res = await fetch(`${new URL(gate.context.target.baseUrl).origin}/__simulator/${what}`, { method: 'POST', body: JSON.stringify(body) });
    const id = res.ok ? ((await res.json()) as Record<string, unknown>)[idKey] : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

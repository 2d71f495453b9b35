import http from 'node:http';
import https from 'node:https';
import type { TlsOptions } from './types.ts';
import type { Wire } from './wire.ts';

/**
 * Idle keep-alive sockets are dropped before common server idle timeouts (5 s in Node, more in
 * Jetty) so that a reused socket is rarely one the server is closing at that moment.
 */
const IDLE_SOCKET_MS = 4000;

/**
 * Keep-alive connections shared by every client that reaches the same server with the same TLS
 * settings, as a browser shares them between tabs. A session lives in a cookie, not in a
 * connection, so clients of other users or targets on one connection stay apart. Many targets
 * on one GWS cluster then reuse warm connections instead of each opening its own after every
 * idle gap.
 */
export interface ConnectionPool {
  /** The transport and agent for an API root with these TLS settings. */
  wireFor(root: URL, tls: TlsOptions): Wire;
  /** Ends every connection, idle or busy; the pool stays usable. */
  close(): void;
}

/** Node's TLS options for the agent. */
function tlsAgentOptions(tls: TlsOptions): https.AgentOptions {
  return {
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls.key !== undefined ? { key: tls.key } : {}),
    ...(tls.insecureSkipVerify === true ? { rejectUnauthorized: false } : {}),
    // Node sends it as SNI and verifies the certificate against it instead of the URL's host.
    ...(tls.serverName !== undefined ? { servername: tls.serverName } : {}),
  };
}

/** A wire of its own: one agent, its connections used by one client only. */
export function ownWire(root: URL, tls: TlsOptions): Wire {
  const options = { keepAlive: true, timeout: IDLE_SOCKET_MS, ...tlsAgentOptions(tls) };
  return root.protocol === 'https:' ? { transport: https, agent: new https.Agent(options) } : { transport: http, agent: new http.Agent(options) };
}

function poolKey(root: URL, tls: TlsOptions): string {
  // http has no TLS settings to tell apart; https connections are shared only under equal ones.
  if (root.protocol !== 'https:') return root.origin;
  return JSON.stringify([root.origin, tls.ca ?? null, tls.cert ?? null, tls.key ?? null, tls.insecureSkipVerify === true, tls.serverName ?? null]);
}

export function createConnectionPool(): ConnectionPool {
  const wires = new Map<string, Wire>();
  return {
    wireFor(root, tls) {
      const key = poolKey(root, tls);
      let wire = wires.get(key);
      if (wire === undefined) {
        wire = ownWire(root, tls);
        wires.set(key, wire);
      }
      return wire;
    },
    close() {
      for (const wire of wires.values()) wire.agent.destroy();
    },
  };
}

import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TlsOptions } from './types.ts';
import type { Wire } from './wire.ts';

/**
 * Idle keep-alive sockets are dropped before common server idle timeouts (5 s in Node, more in
 * Jetty) so that a reused socket is rarely one the server is closing at that moment.
 */
const IDLE_SOCKET_MS = 4000;

/**
 * A shared connection that never idles would be the only one a busy pool ever opens: a server
 * that stopped accepting connections, or a certificate renewed or expired since, would show only
 * on the next one. A connection goes back to the pool until it is this old, then closes.
 */
export const MAX_CONNECTION_AGE_MS = 60_000;

export interface ConnectionPoolOptions {
  /** How long a connection is reused from its first answer on (default MAX_CONNECTION_AGE_MS). */
  readonly maxConnectionAgeMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  readonly now?: () => number;
}

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

/** The agent keeps a connection it takes back only until it is `maxAgeMs` old, counted from the first time it came back. */
function retireOldConnections(agent: http.Agent, maxAgeMs: number, now: () => number): void {
  const firstBack = new WeakMap<Socket, number>();
  // Node's own answers whether it kept the connection; its type says void.
  const keep = agent.keepSocketAlive.bind(agent) as (socket: Socket) => boolean;
  // Node's documented hook: a falsy answer closes the connection instead of keeping it.
  agent.keepSocketAlive = (socket: Socket): boolean => {
    const at = now();
    const since = firstBack.get(socket);
    if (since === undefined) firstBack.set(socket, at);
    else if (at - since >= maxAgeMs) return false;
    return keep(socket);
  };
}

export function createConnectionPool(options: ConnectionPoolOptions = {}): ConnectionPool {
  const maxAgeMs = options.maxConnectionAgeMs ?? MAX_CONNECTION_AGE_MS;
  const now = options.now ?? (() => performance.now());
  const wires = new Map<string, Wire>();
  return {
    wireFor(root, tls) {
      const key = poolKey(root, tls);
      let wire = wires.get(key);
      if (wire === undefined) {
        wire = ownWire(root, tls);
        retireOldConnections(wire.agent, maxAgeMs, now);
        wires.set(key, wire);
      }
      return wire;
    },
    close() {
      for (const wire of wires.values()) wire.agent.destroy();
    },
  };
}

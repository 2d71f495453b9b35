import type { ClientOptions, ConnectionPool } from '../client/index.ts';
import type { Credentials, ProberTarget } from '../config/index.ts';

/** Said once per target at start-up: nothing else shows that the target is not authenticated. */
export const INSECURE_TLS_WARNING = 'TLS certificate verification is off (tls.insecureSkipVerify): the target is not authenticated';

/** The settings of every client of one target: API root, login, deadline, body cap, TLS and the shared connections. */
export function targetClientOptions(target: ProberTarget, creds: Credentials | undefined, connections: ConnectionPool): ClientOptions {
  return {
    connections,
    baseUrl: target.baseUrl,
    ...(creds ? { username: creds.username, password: creds.password } : {}),
    timeoutMs: target.defaults.timeoutMs,
    maxBodyBytes: target.maxBodyBytes,
    ...(target.tls ? { tls: target.tls } : {}),
  };
}

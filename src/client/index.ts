/** The GWS HTTP client front door: the one wire implementation, and the one credential redaction. */
export type { ClientOptions, ClientResult, PhaseTimings, RequestOptions, SentRequest } from './types.ts';
export { basicAuthorization, createClient, type GwsClient } from './client.ts';
export { createConnectionPool, type ConnectionPool } from './pool.ts';
export { maskHeaders, redactDeep, stringRedactor, type Secrets } from './redact.ts';

/** The GWS HTTP client front door: the one wire implementation, and the one credential redaction. */
export type { ClientFailure, ClientOptions, ClientResult, PhaseTimings, RequestOptions, SentRequest } from './types.ts';
export type { SessionState } from './session.ts';
export { basicAuthorization, createClient, MAX_URL_LENGTH, type GwsClient } from './client.ts';
export { redactDeep, stringRedactor, type Secrets } from './redact.ts';

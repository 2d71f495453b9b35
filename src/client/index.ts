/** The GWS HTTP client front door. */
export type {
  ClientFailure,
  ClientOptions,
  ClientResult,
  PhaseTimings,
  RequestOptions,
} from './types.ts';
export { basicAuthorization, createClient, MAX_URL_LENGTH, type GwsClient } from './client.ts';

import type { Json } from './shapes.ts';

/** What a route answers before defects and faults shape the wire form. */
export interface Reply {
  readonly httpStatus: number;
  readonly body: Json;
  readonly headers?: Readonly<Record<string, string>>;
  /** Set only by defects and faults that send another Content-Type than the JSON default. */
  readonly contentType?: string;
}

/**
 * HTTP status beside a non-zero statusCode: the project's decisions table where the sources are silent.
 * 20 is the authentication failure and follows the `authFailureStatus` option instead.
 */
export function httpStatusFor(statusCode: number): number {
  if (statusCode === 0 || statusCode === 7 || statusCode === 9) return 200;
  if ([1, 2, 10, 11].includes(statusCode)) return 400;
  if ([3, 5, 8, 20].includes(statusCode)) return 403;
  if (statusCode === 6) return 404;
  // A service that is not available: HTTP 503 [src: ErrorHandling 8.5.2].
  if (statusCode === 4) return 503;
  if (statusCode >= 12 && statusCode <= 17) return 500;
  if (statusCode === 18 || statusCode === 19) return 409;
  return 400;
}

/** Default statusMessage texts, used when a fault names only the code. */
export const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  1: 'A required parameter is missing',
  2: 'A parameter is not valid for the current state',
  3: 'Operation forbidden',
  4: 'Internal error',
  5: 'User does not have permission to perform this operation',
  6: 'Resource not found',
  7: 'Partial success',
  8: 'Password change required',
  9: 'Processing incomplete',
  10: 'Input validation error',
  11: 'Attempt to change a read-only property',
  12: 'Unable to retrieve resource',
  13: 'Unable to create resource',
  14: 'Unable to delete resource',
  15: 'Unable to update resource',
  16: 'Unable to assign resource',
  17: 'Unable to unassign resource',
  18: 'Resource already exists',
  19: 'Resource already in use',
  20: 'Access denied',
};

/** A success reply: the envelope with statusCode 0 and no statusMessage [src: RV850]. */
export function ok(fields: Json = {}): Reply {
  return { httpStatus: 200, body: { statusCode: 0, ...fields } };
}

/** An error reply: exactly statusCode and statusMessage, nothing else [src: RV850/RV851/RV852]. */
export function fail(statusCode: number, statusMessage: string, httpStatus = httpStatusFor(statusCode), headers?: Readonly<Record<string, string>>): Reply {
  return { httpStatus, body: { statusCode, statusMessage }, ...(headers === undefined ? {} : { headers }) };
}

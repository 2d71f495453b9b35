import { fail, type Reply } from './envelope.ts';

/**
 * The simulator's error replies, by what they mean. Bodies carry exactly statusCode and
 * statusMessage [src: RV850/RV851/RV852]; the HTTP status follows the decisions table unless named.
 */
export const errors = {
  /** Missing, wrong or malformed credentials: exactly this body [src: MAR]; 401 adds the Basic challenge. */
  accessDenied(httpStatus: 401 | 403): Reply {
    return fail(20, 'Access denied', httpStatus, httpStatus === 401 ? { 'WWW-Authenticate': 'Basic realm="GWS"' } : undefined);
  },
  /** A POST/PUT/DELETE without the session's CSRF token [src: CSRFAPI]. */
  csrfRejected(): Reply {
    return fail(3, 'Missing or invalid Csrf token', 403);
  },
  /** A role the operation is not granted to [src: DEVLIST, SKILLS851]. */
  permissionDenied(statusCode: 3 | 5, message = 'User does not have permission to perform this operation'): Reply {
    return fail(statusCode, message);
  },
  /** A named thing that does not exist, e.g. `notFound('User 42')`; `scope` follows, e.g. "for user". */
  notFound(what: string, scope?: string): Reply {
    return fail(6, `${what} not found${scope === undefined ? '' : ` ${scope}`}`);
  },
  /** No route at this path. */
  noResource(path: string): Reply {
    return fail(6, `No resource at ${path.slice(0, 200)}`);
  },
  /** GWS documents no 405: a method a resource lacks is "not found", with an `Allow` header. */
  methodNotSupported(method: string, where: string, allow: readonly string[]): Reply {
    return fail(6, `${method.slice(0, 40)} is not supported on ${where}`, 404, { Allow: allow.join(', ') });
  },
  /** A method the simulator does not implement at all (CONNECT). */
  methodNotImplemented(method: string): Reply {
    return fail(6, `${method.slice(0, 40)} is not implemented`, 501);
  },
  /** The CometD long-polling transport takes POSTs only. */
  transportNeedsPost(): Reply {
    return fail(2, 'Bayeux transport requests are POSTs', 405, { Allow: 'POST' });
  },
  /**
   * A request that needs a feature the contact center does not have [src: Features 8.5.1]: a read
   * is "not found" (6), an operation "invalid" (2); the message names the feature.
   */
  featureNotEnabled(statusCode: 2 | 6, what: string, feature: string): Reply {
    return fail(statusCode, `${what}: feature ${feature} is not enabled`);
  },
  missingParameter(name: string): Reply {
    return fail(1, `Missing required parameter: ${name}`);
  },
  /** An operation or parameter not valid in the current state. */
  notValid(message: string): Reply {
    return fail(2, message);
  },
  /** Input validation error (statusCode 10), with the HTTP status the case calls for. */
  invalidInput(message: string, httpStatus?: number): Reply {
    return httpStatus === undefined ? fail(10, message) : fail(10, message, httpStatus);
  },
  /** The URL limit is documented [src: MAR]; the answer is the project's decision (HTTP 414, statusCode 10). */
  urlTooLong(limit: number, httpStatus: number): Reply {
    return fail(10, `Request URL exceeds ${limit} characters`, httpStatus);
  },
  bodyTooLarge(maxBytes: number): Reply {
    return fail(10, `Request body exceeds ${maxBytes} bytes`, 413, { Connection: 'close' });
  },
  malformedUrl(): Reply {
    return fail(10, 'Malformed request URL');
  },
  /** A backend that does not answer [src: ErrorHandling 8.5.2]. */
  unavailable(message: string): Reply {
    return fail(4, message);
  },
  /** Partial success [src: SCCS, RV851]: HTTP 200 beside statusCode 7. */
  partialSuccess(message: string): Reply {
    return fail(7, message, 200);
  },
  /** The simulator itself failed; never expected, answered rather than dropped. */
  internal(): Reply {
    return fail(4, 'Internal error', 500);
  },
} as const;

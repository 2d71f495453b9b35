/**
 * HTTP status beside each non-zero statusCode, from the project's decisions table where the GWS docs
 * are silent (RV852 only fixes the statusCode). 0 → 200 is observed [src: OBS-WWE]. 4 → 503 is
 * documented: HTTP 503 with {"statusCode":4,"statusMessage":"Voice service is not available at this
 * time"} [src: ErrorHandling 8.5.2]. 8 has no entry.
 */
export const STATUS_HTTP: Readonly<Record<number, number>> = Object.freeze({
  0: 200,
  1: 400,
  2: 400,
  3: 403,
  4: 503,
  5: 403,
  6: 404,
  7: 200,
  9: 200,
  10: 400,
  11: 400,
  12: 500,
  13: 500,
  14: 500,
  15: 500,
  16: 500,
  17: 500,
  18: 409,
  19: 409,
  20: 403,
});

/**
 * HTTP statuses a strict contract accepts beside `statusCode`: the table's entry, and for 20 also
 * 401, because the decisions table accepts 401 or 403 for missing or wrong credentials.
 * Undefined when the table has no entry (nothing to check).
 */
export function httpStatusesFor(statusCode: number): readonly number[] | undefined {
  const status = STATUS_HTTP[statusCode];
  if (status === undefined) return undefined;
  return statusCode === 20 ? [401, 403] : [status];
}

/** A value from a request (a query or a path), as a one-line answer may quote it: bounded, so a bad request cannot make the line long. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

/** A percent-encoded segment decoded, or undefined when it is malformed (`%E0%A4%A`). */
export function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

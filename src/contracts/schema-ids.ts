/** Every schema `$id` is this base plus the file's path under `schemas/`. */
export const SCHEMA_BASE = 'https://gwscheck.dev/schemas/';

/** `$id` of the response schema of a catalog operation. */
export function responseSchemaId(operationId: string): string {
  return `${SCHEMA_BASE}operations/${operationId}.response.json`;
}

/** `$id` of the request-body schema of a catalog operation. */
export function requestSchemaId(operationId: string): string {
  return `${SCHEMA_BASE}operations/${operationId}.request.json`;
}

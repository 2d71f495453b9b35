/**
 * The API descriptions front door: the OpenAPI 3.1 document of the REST catalog and the AsyncAPI
 * 3.0 document of its CometD notifications, both generated from the contracts, and their text.
 */
export { openApiDocument } from './openapi.ts';
export { asyncApiDocument } from './asyncapi.ts';
export { DEFAULT_SERVER_URL, type DescribeOptions } from './document-info.ts';
export { DOCUMENT_FORMATS, formatOfFile, serializeDocument, type DocumentFormat } from './serialize.ts';

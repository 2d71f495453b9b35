import { openApiDocument } from '../../openapi/index.ts';
import { runDescribe } from './describe.ts';

const COMMAND = {
  name: 'openapi',
  what: 'the OpenAPI 3.1 document of the GWS REST API v2',
  holds: `Every catalog operation with its request (one schema per operationName, with a discriminator),
its responses per HTTP status with the statusCodes behind each, Basic and JSESSIONID security,
tags by resource, the documentation page of each operation, and examples.`,
  build: openApiDocument,
} as const;

export function run(args: string[]): Promise<number> {
  return Promise.resolve(runDescribe(COMMAND, args));
}

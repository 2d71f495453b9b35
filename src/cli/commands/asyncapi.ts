import { asyncApiDocument } from '../../openapi/index.ts';
import { runDescribe } from './describe.ts';

const COMMAND = {
  name: 'asyncapi',
  what: 'the AsyncAPI 3.0 document of the GWS CometD notifications',
  holds: `The Bayeux endpoint (<API root>/notifications) as the server, one channel per topic
(/v2/me/calls, /v2/me/channels, /v2/me/devices), each message with its schema, an example and
the REST operations it follows.`,
  build: asyncApiDocument,
} as const;

export function run(args: string[]): Promise<number> {
  return Promise.resolve(runDescribe(COMMAND, args));
}

/**
 * The AsyncAPI 3.0 document of the CometD side: the Bayeux endpoint as the server, one channel per
 * topic a notification schema names, each message with its schema and the operations it follows.
 */
import { SCHEMA_BASE, type Operation } from '../contracts/index.ts';
import { CALL_OUTCOMES, CHAT_OUTCOMES, DEVICE_OUTCOMES, EMAIL_OUTCOMES, OPENMEDIA_OUTCOMES, SUPERVISOR_OUTCOMES, type ExpectedOutcome } from '../contracts/outcomes.ts';
import { contractSources } from '../contracts/description.ts';
import { componentName, isSchemaObject, localSchema, reachableIds, resolveRef, type SchemaFiles, type SchemaObject } from './component-schemas.ts';
import { BASIC_AUTH_DESCRIPTION, DEFAULT_SERVER_URL, documentInfo, externalDocs, serverParts, SESSION_COOKIE_DESCRIPTION, type DescribeOptions } from './document-info.ts';
import { ExampleMaker } from './example.ts';

const NOTIFICATIONS = `${SCHEMA_BASE}notifications/`;
/** The schema every notification meets, whatever its topic. */
const ANY_MESSAGE = `${NOTIFICATIONS}message.json`;
const SCHEMA_REFS = '#/components/schemas/';

/** An operation that announces its outcome on a topic, by its catalog entry and operationName. */
interface Trigger {
  readonly operation: Operation;
  readonly operationName: string;
  readonly outcome: ExpectedOutcome;
}

/** The value a notification schema fixes at `data.<key>` or `<key>`, following `$ref` and `allOf`. */
function fixedValues(files: SchemaFiles, id: string, path: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (node: unknown, base: string, depth: number): void => {
    if (!isSchemaObject(node) || depth > 8) return;
    let at: unknown = node;
    for (const key of path) at = isSchemaObject(at) && isSchemaObject(at['properties']) ? at['properties'][key] : undefined;
    if (isSchemaObject(at)) {
      if (typeof at['const'] === 'string') found.push(at['const']);
      if (Array.isArray(at['enum'])) found.push(...at['enum'].filter((v): v is string => typeof v === 'string'));
    }
    if (typeof node['$ref'] === 'string') {
      const target = resolveRef(node['$ref'], base);
      visit(files.get(target.id), target.id, depth + 1);
    }
    for (const member of Array.isArray(node['allOf']) ? node['allOf'] : []) visit(member, base, depth + 1);
  };
  visit(files.get(id), id, 0);
  return [...new Set(found)];
}

/**
 * The catalog operations (POST, by operationName) whose outcome a table names: the operationName
 * must be one the operation's request schema allows.
 */
function triggers(catalog: readonly Operation[], files: SchemaFiles): Trigger[] {
  const allows = (operation: Operation, name: string): boolean => {
    const schema = operation.requestSchema === undefined ? undefined : files.get(operation.requestSchema);
    const property = isSchemaObject(schema) && isSchemaObject(schema['properties']) ? schema['properties']['operationName'] : undefined;
    if (!isSchemaObject(property)) return false;
    return property['const'] === name || (Array.isArray(property['enum']) && property['enum'].includes(name));
  };
  // Each table is of one kind of operation, by the catalog's tag; names recur across kinds
  // (AttachUserData on a call and on a chat, Ready on the agent's own channel and by a supervisor).
  const tagged = (tag: string) => (op: Operation): boolean => op.tags.includes(tag);
  const tables: readonly (readonly [Readonly<Record<string, ExpectedOutcome>>, (op: Operation) => boolean])[] = [
    [CALL_OUTCOMES, tagged('call')],
    [DEVICE_OUTCOMES, tagged('device')],
    // The supervisor's agent-state operations are sent for another user, with the admin's identity.
    [SUPERVISOR_OUTCOMES, (op) => tagged('supervisor')(op) && op.identity === 'admin'],
    // The customer's chat operations share names with the agent's; the table is the agent's.
    [CHAT_OUTCOMES, (op) => tagged('chat')(op) && op.identity === 'user'],
    // Create is POST /me/emails and POST /me/openmedia/{mediaType}; the rest address one email or item.
    [EMAIL_OUTCOMES, tagged('email')],
    [OPENMEDIA_OUTCOMES, tagged('openmedia')],
  ];
  return tables.flatMap(([table, fits]) =>
    Object.entries(table).flatMap(([operationName, outcome]) =>
      catalog.filter((op) => op.method === 'POST' && fits(op) && allows(op, operationName)).map((operation) => ({ operation, operationName, outcome })),
    ),
  );
}

function triggerText(trigger: Trigger): string {
  const shows = trigger.outcome.shows;
  const value = shows === undefined ? '' : typeof shows.value === 'string' ? ` = ${shows.value}` : shows.value === null ? ' gone' : ` = the request's ${shows.value.fromRequest}`;
  const notification = trigger.outcome.notificationType === undefined ? '' : ` (${trigger.outcome.notificationType})`;
  return `${trigger.operationName} (${trigger.operation.method} ${trigger.operation.path})${notification}${shows === undefined ? '' : `: ${shows.pointer.slice(1)}${value}`}`;
}

const channelKey = (topic: string): string => topic.replace(/^\//, '').replace(/[^A-Za-z0-9]+/g, '-');

/** The AsyncAPI 3.0 document of the notification schemas in `options.schemasDir` (default: the repository's). */
export function asyncApiDocument(options: DescribeOptions = {}): Record<string, unknown> {
  const serverUrl = options.serverUrl ?? DEFAULT_SERVER_URL;
  const server = serverParts(serverUrl);
  const sources = contractSources(options.schemasDir === undefined ? {} : { schemasDir: options.schemasDir });
  const files = sources.schemas;
  const examples = new ExampleMaker({ files, serverUrl });
  const notificationIds = [...files.keys()].filter((id) => id.startsWith(NOTIFICATIONS) && id !== ANY_MESSAGE).sort();
  const known = triggers(sources.catalog, files);

  const channels: Record<string, { address: string; description: string; messages: Record<string, unknown> }> = {};
  const messages: Record<string, unknown> = {};
  for (const id of notificationIds) {
    const name = componentName(id);
    const schema: SchemaObject = files.get(id) ?? {};
    const topics = fixedValues(files, id, ['channel']);
    const [messageType] = fixedValues(files, id, ['data', 'messageType']);
    // The operations whose outcome this message is; an error message follows any operation on its topics.
    const own = known.filter((t) => t.outcome.schema === id);
    const followed = own.length > 0 ? own : known.filter((t) => topics.includes(t.outcome.topic));
    const example = examples.example(id);
    messages[name] = {
      name: messageType ?? name,
      title: typeof schema['title'] === 'string' ? schema['title'] : name,
      summary: followed.length > 0 ? `Follows ${followed.map((t) => t.operationName).filter((v, i, all) => all.indexOf(v) === i).join(', ')}.` : 'Announces a change the agent did not ask for through the REST API.',
      ...(typeof schema['description'] === 'string' ? { description: schema['description'] } : {}),
      contentType: 'application/json',
      payload: { allOf: [{ $ref: `${SCHEMA_REFS}${componentName(ANY_MESSAGE)}` }, { $ref: `${SCHEMA_REFS}${name}` }] },
      ...(example !== undefined && sources.validate(id, example).length === 0 && sources.validate(ANY_MESSAGE, example).length === 0
        ? { examples: [{ name: 'made-from-the-schema', summary: 'The smallest message the schema allows', payload: example }] }
        : {}),
      'x-gwscheck-follows': followed.map((t) => ({ operationId: t.operation.id, operationName: t.operationName, description: triggerText(t) })),
    };
    for (const topic of topics) {
      const key = channelKey(topic);
      channels[key] ??= { address: topic, description: `The CometD topic ${topic}: subscribe to it after the handshake.`, messages: {} };
      channels[key].messages[name] = { $ref: `#/components/messages/${name}` };
    }
  }

  const operations = Object.fromEntries(
    Object.entries(channels).map(([key, channel]) => [
      `receive-${key}`,
      {
        action: 'receive',
        channel: { $ref: `#/channels/${key}` },
        summary: `The messages published on ${channel.address}.`,
        messages: Object.keys(channel.messages).map((name) => ({ $ref: `#/channels/${key}/messages/${name}` })),
      },
    ]),
  );
  const schemas = Object.fromEntries(reachableIds(files, [ANY_MESSAGE, ...notificationIds]).sort().map((id) => [componentName(id), localSchema(files, id, SCHEMA_REFS)]));
  return {
    asyncapi: '3.0.0',
    info: {
      ...documentInfo(
        'Genesys Web Services notifications (GWS 8.5, CometD)',
        'The CometD notifications of GWS 8.5 as gwscheck\'s contracts hold them, generated from its notification schemas and the expected outcome of each operation. A client handshakes at <API root>/notifications (Bayeux 1.0, long-polling: /meta/handshake, then /meta/connect and /meta/subscribe) with the same Basic credentials or JSESSIONID cookie as the REST API, subscribes to the topics below (wildcards such as /v2/me/* allowed), and receives {"channel": <topic>, "data": {"messageType": ...}} messages. The REST operations that cause each message are described in the OpenAPI document of the same catalog.',
        false,
      ),
      externalDocs: externalDocs('[COMETD]'),
    },
    defaultContentType: 'application/json',
    servers: {
      gws: {
        host: server.host,
        pathname: `${server.pathname}/notifications`,
        protocol: server.protocol,
        description: 'The Bayeux (CometD 3) endpoint of the API root, long-polling over HTTP [COMETDDEP].',
        security: [{ $ref: '#/components/securitySchemes/basicAuth' }, { $ref: '#/components/securitySchemes/sessionCookie' }],
        'x-bayeux': { version: '1.0', connectionTypes: ['long-polling'], metaChannels: ['/meta/handshake', '/meta/connect', '/meta/subscribe', '/meta/unsubscribe', '/meta/disconnect'] },
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic', description: BASIC_AUTH_DESCRIPTION },
        sessionCookie: { type: 'httpApiKey', in: 'cookie', name: 'JSESSIONID', description: SESSION_COOKIE_DESCRIPTION },
      },
    },
  };
}

// The AsyncAPI document parses with @asyncapi/parser (which validates it against the AsyncAPI 3.0
// schema and its own rules) without an error, and holds every notification schema as a message.
import { Parser } from '@asyncapi/parser';
import { describe, expect, test } from 'vitest';
import { SCHEMA_BASE } from '../../src/contracts/index.ts';
import { contractSources } from '../../src/contracts/description.ts';
import { asyncApiDocument } from '../../src/openapi/index.ts';

/** A diagnostic of severity 0, Spectral's error (the parser's own copy of the severity enum differs in type from any we import). */
const isError = (diagnostic: { readonly severity: unknown }): boolean => diagnostic.severity === 0;

describe('AsyncAPI document', () => {
  test('@asyncapi/parser parses it with no error; every notification schema is a message on the topics it names', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    expect(diagnostics.filter(isError).map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`)).toEqual([]);
    if (document === undefined) throw new Error('the parser returned no document');
    expect(document.version()).toBe('3.0.0');

    const notifications = [...contractSources().schemas.keys()].filter((id) => id.startsWith(`${SCHEMA_BASE}notifications/`));
    const schemaNames = document.components().schemas().all().map((s) => s.id());
    for (const id of notifications) expect(schemaNames, id).toContain(id.slice(SCHEMA_BASE.length).replace(/\.json$/, '').replace('/', '.'));
    // message.json is every message's envelope; each other notification schema is a message of its own.
    const messages = document.components().messages().all();
    expect(messages).toHaveLength(notifications.length - 1);
    const addresses = document.channels().all().map((c) => c.address());
    expect(addresses).toEqual(expect.arrayContaining(['/v2/me/calls', '/v2/me/devices', '/v2/me/channels']));
    for (const channel of document.channels().all()) {
      expect(channel.messages().all().length, `${String(channel.address())} has messages`).toBeGreaterThan(0);
      expect(document.operations().all().some((op) => op.action() === 'receive' && op.channels().all().some((c) => c.address() === channel.address()))).toBe(true);
    }
    const server = document.servers().all()[0];
    expect(server?.pathname()).toBe('/api/v2/notifications');
    expect(server?.security().map((s) => s.all().map((r) => r.scheme().type()))).toEqual([['http'], ['httpApiKey']]);
  });

  test('the parser does report an error: a message payload that is no schema', async () => {
    const broken = structuredClone(asyncApiDocument()) as { components: { messages: Record<string, Record<string, unknown>> } };
    const [first] = Object.values(broken.components.messages);
    if (first === undefined) throw new Error('no message in the document');
    first['payload'] = 'not a schema';
    const { diagnostics } = await new Parser().parse(JSON.stringify(broken));
    expect(diagnostics.filter(isError).length).toBeGreaterThan(0);
  });
});

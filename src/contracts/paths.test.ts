import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.ts';
import { listsMember, MissingParamError, resolveParams } from './paths.ts';

const op = (id: string) => {
  const found = CATALOG.find((o) => o.id === id);
  if (found === undefined) throw new Error(`no catalog operation ${id}`);
  return found;
};
const VOICE = { operation: 'get-me-channels', pointer: '/channels', field: 'channel', value: 'voice' } as const;

describe('resolveParams: what a missing value is', () => {
  it('rejects with a MissingParamError whose message names the operation, the parameter and the source', async () => {
    const error: unknown = await resolveParams(op('get-devices-id'), () => Promise.resolve({ devices: [] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingParamError);
    expect(error).toMatchObject({ operation: 'get-devices-id', param: 'id', source: { operation: 'get-me-devices' }, empty: true });
    expect((error as Error).message).toBe('operation get-devices-id: no value for "id" at /devices/0/id in the response of get-me-devices');
  });

  it.each([
    ['an item without the value', { devices: [{ phoneNumber: '5000' }] }],
    ['no list at all', {}],
    ['a list where an object was expected', { devices: { 0: {} } }],
    ['an index that is no number', []],
  ])('%s is not an empty list', async (_name, body) => {
    const error: unknown = await resolveParams(op('get-devices-id'), () => Promise.resolve(body)).catch((e: unknown) => e);
    expect(error).toMatchObject({ empty: false });
  });
});

describe('listsMember', () => {
  it('finds the named item, tells an empty or other list from one without the list', () => {
    expect(listsMember(VOICE, { channels: [{ channel: 'chat' }, { channel: 'voice' }] })).toBe(true);
    expect(listsMember(VOICE, { channels: [{ channel: 'chat' }, null, 'voice'] })).toBe(false);
    expect(listsMember(VOICE, { channels: [] })).toBe(false);
    expect(listsMember(VOICE, { uris: [] })).toBeUndefined();
    expect(listsMember(VOICE, null)).toBeUndefined();
  });

  it('every memberOf of the catalog names a read-only operation that reads a list with all its fields', () => {
    const withMembers = CATALOG.filter((o) => o.memberOf !== undefined);
    expect(withMembers.map((o) => o.id)).toEqual(['get-me-channels-voice']);
    for (const o of withMembers) {
      const collection = op(o.memberOf?.operation ?? '');
      expect(collection.readOnly, o.id).toBe(true);
      expect(collection.identity, o.id).toBe(o.identity);
      expect(collection.example.query?.['fields'], o.id).toBe('*');
    }
  });
});

import { describe, expect, test } from 'vitest';
import { loadContracts } from '../contracts/index.ts';
import { compareShape, compareShapes, describeChange } from './compare.ts';
import { openEnumTest } from './open-enum.ts';
import { parseShapeRecord } from './record.ts';
import { mergeShape, mergeShapes, observeShape } from './shape.ts';

describe('observeShape', () => {
  test('maps every attribute pointer to its JSON type and generalises array items', () => {
    const shape = observeShape({ statusCode: 0, devices: [{ id: 'a', n: 1 }, { id: 'b', n: null, extra: true }], 'a/b': { '~x': [] } });
    expect(shape.attributes).toEqual({
      '/statusCode': 'number',
      '/devices': 'array',
      '/devices/*': 'object',
      '/devices/*/id': 'string',
      '/devices/*/n': 'null|number',
      '/devices/*/extra': 'boolean',
      '/a~1b': 'object',
      '/a~1b/~0x': 'array',
    });
    expect(shape.enumValues).toEqual({});
  });

  test('collects string values only where the open-list test says so', () => {
    const shape = observeShape({ roles: ['ROLE_AGENT', 'ROLE_ADMIN'], name: 'x' }, (_p, g) => g === '/roles/*');
    expect(shape.enumValues).toEqual({ '/roles/*': ['ROLE_ADMIN', 'ROLE_AGENT'] });
  });

  test('merging keeps every attribute, type and value of both', () => {
    const a = observeShape({ x: 1, r: ['A'] }, (_p, g) => g === '/r/*');
    const b = observeShape({ x: 'one', y: true, r: ['B'] }, (_p, g) => g === '/r/*');
    expect(mergeShape(a, b)).toEqual({
      attributes: { '/r': 'array', '/r/*': 'string', '/x': 'number|string', '/y': 'boolean' },
      enumValues: { '/r/*': ['A', 'B'] },
    });
    expect(Object.keys(mergeShapes({ op1: a }, { op2: b }))).toEqual(['op1', 'op2']);
  });
});

describe('openEnumTest', () => {
  const contracts = loadContracts();
  const getMe = contracts.operation('get-me');
  const body = {
    statusCode: 0,
    user: {
      id: '0123456789abcdef0123456789abcdef', userName: 'ksippo', firstName: 'K', lastName: 'S', roles: ['ROLE_AGENT'],
      enabled: true, changePasswordOnFirstLogin: false, uri: 'http://h/api/v2/users/0123456789abcdef0123456789abcdef', path: '/users/0123456789abcdef0123456789abcdef',
    },
  };
  test('finds the roles list (x-open-enum) from the schema and nothing else', () => {
    const shape = observeShape(body, openEnumTest(body, (v) => contracts.validate(getMe.responseSchema, v), new Map()));
    expect(shape.enumValues).toEqual({ '/user/roles/*': ['ROLE_AGENT'] });
  });
});

describe('compareShape', () => {
  const before = observeShape({ statusCode: 0, user: { id: 'a', userName: 'k', enabled: true, roles: ['A'] }, calls: [{ id: 'c' }] }, (_p, g) => g === '/user/roles/*');

  test('lists added, removed and retyped attributes, graded', () => {
    const after = observeShape({ statusCode: 0, user: { id: 'a', enabled: 'true', roles: ['A', 'B'], newThing: { deep: 1 } }, calls: [{ id: 'c' }] }, (_p, g) => g === '/user/roles/*');
    const changes = compareShape(before, after);
    expect(changes).toEqual([
      { pointer: '/user/enabled', change: 'retyped', grade: 'breaking', before: 'boolean', after: 'string' },
      { pointer: '/user/newThing', change: 'added', grade: 'additive', before: null, after: 'object' },
      { pointer: '/user/userName', change: 'removed', grade: 'breaking', before: 'string', after: null },
      { pointer: '/user/roles/*', change: 'new-enum-value', grade: 'additive', before: null, after: 'B' },
    ]);
    expect(describeChange('get-me', changes[0]!)).toBe('get-me: retyped /user/enabled from boolean to string');
  });

  test('an empty list or a narrower type is not a change', () => {
    const after = observeShape({ statusCode: 0, user: { id: 'a', userName: 'k', enabled: true, roles: [] }, calls: [] });
    expect(compareShape(before, after)).toEqual([]);
  });

  test('compareShapes reports per operation, and operations seen on one side only', () => {
    const comparison = compareShapes({ file: 'f.json', recordedAt: 't', version: null, operations: { 'get-me': before, 'get-skills': before } }, {
      'get-me': observeShape({ statusCode: 0, user: { id: 1, userName: 'k', enabled: true, roles: ['A'] }, calls: [{ id: 'c' }] }),
      'get-devices': before,
    });
    expect(comparison.operations).toEqual([{ operation: 'get-me', changes: [{ pointer: '/user/id', change: 'retyped', grade: 'breaking', before: 'string', after: 'number' }] }]);
    expect(comparison.notObserved).toEqual(['get-skills']);
    expect(comparison.newlyObserved).toEqual(['get-devices']);
    expect([comparison.breaking, comparison.additive]).toEqual([1, 0]);
  });
});

describe('parseShapeRecord', () => {
  const good = { schemaVersion: 1, kind: 'gwscheck-shapes', recordedAt: 't', target: 'http://h', version: null, selection: { grep: null, tags: [] }, operations: { 'get-me': { attributes: { '/statusCode': 'number' }, enumValues: {} } } };
  test('accepts a record', () => {
    expect(parseShapeRecord(JSON.stringify(good), 'f').operations['get-me']?.attributes).toEqual({ '/statusCode': 'number' });
  });
  test.each([
    ['not json', '--compare "f" is not JSON'],
    ['{"kind":"other"}', '--compare "f" is not a gwscheck shape record'],
    [JSON.stringify({ ...good, schemaVersion: 2 }), '--compare "f" has schemaVersion 2, expected 1'],
    [JSON.stringify({ ...good, operations: { x: { attributes: { '/a': 'str ing' }, enumValues: {} } } }), 'operation "x" attribute "/a"'],
  ])('refuses %s in one line', (text, message) => {
    expect(() => parseShapeRecord(text, '--compare "f"')).toThrow(message);
  });
});

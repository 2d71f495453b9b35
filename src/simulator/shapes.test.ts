import { describe, expect, it } from 'vitest';
import { collectionBody, parseShapeQuery, project, singularBody, type Entry } from './shapes.ts';

const q = (s: string) => parseShapeQuery(new URLSearchParams(s));

const entries: Entry[] = [
  { uri: 'http://h/api/v2/users/1', fields: { id: '1', userName: 'a', lastName: 'A' }, subresources: { skills: () => [{ name: 'Sales', level: '5' }], devices: () => [] } },
  { uri: 'http://h/api/v2/users/2', fields: { id: '2', userName: 'b', lastName: 'B' }, subresources: { skills: () => [{ name: 'Support', level: '1' }], devices: () => [{ id: 'd' }] } },
];

describe('parseShapeQuery', () => {
  it('reads fields, subresources and <sub>.<prop> filters', () => {
    expect(q('fields=*&subresources=skills,devices&skills.name=Sales')).toEqual({
      fields: '*',
      subresources: ['skills', 'devices'],
      filters: [{ sub: 'skills', prop: 'name', value: 'Sales' }],
    });
    expect(q('fields=id,%20userName,,')).toEqual({ fields: ['id', 'userName'], filters: [] });
    expect(q('.x=1&x.=2')).toEqual({ filters: [] });
  });
});

describe('collectionBody', () => {
  it('answers uris by default', () => {
    expect(collectionBody('users', entries, q(''))).toEqual({ statusCode: 0, uris: ['http://h/api/v2/users/1', 'http://h/api/v2/users/2'] });
  });

  it('answers the plural array with fields=*, a field list, or subresources', () => {
    expect(collectionBody('users', entries, q('fields=*'))).toEqual({ statusCode: 0, users: entries.map((e) => e.fields) });
    expect(collectionBody('users', entries, q('fields=id,nope'))).toEqual({ statusCode: 0, users: [{ id: '1' }, { id: '2' }] });
    const withSubs = collectionBody('users', entries, q('subresources=*'))['users'] as Record<string, unknown>[];
    expect(Object.keys(withSubs[1] ?? {})).toEqual(['id', 'userName', 'lastName', 'skills', 'devices']);
  });

  it('filters on subresource properties and keeps only listed fields', () => {
    expect(collectionBody('users', entries, q('subresources=skills&fields=id,userName&skills.name=Sales'))).toEqual({ statusCode: 0, users: [{ id: '1', userName: 'a' }] });
    expect(collectionBody('users', entries, q('skills.level=1'))).toEqual({ statusCode: 0, uris: ['http://h/api/v2/users/2'] });
    expect(collectionBody('users', entries, q('calls.id=1'))).toEqual({ statusCode: 0, uris: [] });
  });

  it('arranges what the subresource filters kept, in either shape', () => {
    const seen: string[][] = [];
    const reverse = (kept: readonly Entry[]): Entry[] => {
      seen.push(kept.map((e) => e.uri));
      return [...kept].reverse();
    };
    expect(collectionBody('users', entries, q(''), reverse)).toEqual({ statusCode: 0, uris: ['http://h/api/v2/users/2', 'http://h/api/v2/users/1'] });
    expect(collectionBody('users', entries, q('fields=id&skills.name=Support'), reverse)).toEqual({ statusCode: 0, users: [{ id: '2' }] });
    expect(seen[1]).toEqual(['http://h/api/v2/users/2']);
  });
});

describe('singularBody and project', () => {
  it('wraps one resource in its singular key, subresources only when asked', () => {
    const first = entries[0] as Entry;
    expect(singularBody('user', first, q(''))).toEqual({ statusCode: 0, user: first.fields });
    expect(project(first, q('subresources=skills'))).toEqual({ ...first.fields, skills: [{ name: 'Sales', level: '5' }] });
    expect(project(first, q('subresources=unknown'))).toEqual(first.fields);
    expect(project(first, q('fields=id,skills&subresources=skills'))).toEqual({ id: '1', skills: [{ name: 'Sales', level: '5' }] });
  });
});

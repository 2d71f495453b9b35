import { describe, expect, it } from 'vitest';
import { arrange, parseListQuery, type ListQuery, type ListRules } from './lists.ts';
import type { Entry } from './shapes.ts';

const RULES: ListRules = { filterable: ['lastName', 'enabled', 'roles'], sortable: ['lastName', 'firstName', 'enabled', 'roles', 'skills.name', 'skills.level'] };
const parse = (s: string): ListQuery | string => parseListQuery(new URLSearchParams(s), RULES);
const list = (s: string): ListQuery => {
  const parsed = parse(s);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

function user(id: string, lastName: string, firstName: string, more: { enabled?: boolean; roles?: string[]; skills?: { name: string; level: string }[] } = {}): Entry {
  return {
    uri: `u/${id}`,
    fields: { id, lastName, firstName, enabled: more.enabled ?? true, roles: more.roles ?? ['ROLE_AGENT'] },
    subresources: { skills: () => more.skills ?? [] },
  };
}

const USERS = [
  user('1', 'Sippola', 'Kristi', { skills: [{ name: 'Sales', level: '10' }, { name: 'Might', level: '8' }] }),
  user('2', 'Salmi', 'Lauri', { roles: ['ROLE_SUPERVISOR', 'ROLE_AGENT'], skills: [{ name: 'Might', level: '7' }] }),
  user('3', 'Salmi', 'Aino', { enabled: false }),
  user('4', 'salmi', 'Zed'),
];
const ids = (entries: readonly Entry[]): string[] => entries.map((e) => String(e.fields['id']));

describe('parseListQuery', () => {
  it('reads filters, sort keys, order and limit; order defaults to Ascending', () => {
    expect(parse('lastName=Salmi&sortBy=lastName, firstName,&limit=2')).toEqual({ filters: [{ name: 'lastName', value: 'Salmi' }], sortBy: ['lastName', 'firstName'], order: 'Ascending', limit: 2 });
    expect(parse('order=Descending&fields=id')).toEqual({ filters: [], sortBy: [], order: 'Descending' });
  });

  it('refuses an unknown sort key, an order other than Ascending or Descending, and a limit that is not a positive integer', () => {
    expect(parse('sortBy=lastName,nope')).toMatch(/^Unknown sort key "nope" \(sortBy takes lastName, firstName/);
    expect(parse('sortBy=constructor')).toMatch(/^Unknown sort key/);
    expect(parse('sortBy=skills.__proto__')).toMatch(/^Unknown sort key/);
    for (const order of ['ascending', 'DESC', '']) expect(parse(`order=${order}`)).toMatch(/^order must be Ascending or Descending/);
    for (const limit of ['0', '-1', '1.5', 'x', '', '01', '99999999999999999']) expect(parse(`limit=${limit}`)).toMatch(/^limit must be a positive integer/);
  });
});

describe('arrange', () => {
  const none = new Set<string>();

  it('filters on own attributes: exact text, any element of a list', () => {
    expect(ids(arrange(USERS, list('lastName=Salmi'), none))).toEqual(['2', '3']);
    expect(ids(arrange(USERS, list('enabled=false'), none))).toEqual(['3']);
    expect(ids(arrange(USERS, list('roles=ROLE_SUPERVISOR'), none))).toEqual(['2']);
    expect(ids(arrange(USERS, list('lastName=Salmi&enabled=true'), none))).toEqual(['2']);
  });

  it('sorts by several keys in code-unit order, Descending reversing all of them', () => {
    expect(ids(arrange(USERS, list('sortBy=lastName,firstName'), none))).toEqual(['3', '2', '1', '4']);
    expect(ids(arrange(USERS, list('sortBy=lastName,firstName&order=Descending'), none))).toEqual(['4', '1', '2', '3']);
    expect(ids(arrange(USERS, list('sortBy=enabled,firstName'), none))).toEqual(['3', '1', '2', '4']);
  });

  it('sorts by a subresource property: the least of a user\'s values, digits as numbers, users without one last', () => {
    expect(ids(arrange(USERS, list('sortBy=skills.level'), none))).toEqual(['2', '1', '3', '4']);
    expect(ids(arrange(USERS, list('sortBy=skills.name,firstName&order=Descending'), none))).toEqual(['4', '3', '2', '1']);
  });

  it('caps the list after filtering and sorting', () => {
    expect(ids(arrange(USERS, list('sortBy=firstName&limit=2'), none))).toEqual(['3', '1']);
    expect(ids(arrange(USERS, list('limit=10'), none))).toEqual(['1', '2', '3', '4']);
  });

  it('filter-ignored and sort-ignored leave the list as it was, the limit still applied', () => {
    expect(ids(arrange(USERS, list('lastName=Salmi&limit=3'), new Set(['filter-ignored'])))).toEqual(['1', '2', '3']);
    expect(ids(arrange(USERS, list('sortBy=firstName'), new Set(['sort-ignored'])))).toEqual(['1', '2', '3', '4']);
  });
});

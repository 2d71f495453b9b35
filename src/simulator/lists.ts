/**
 * Filtering, sorting and limits of a collection read [src: FilteringAndSorting 8.5.2]: property
 * filters (`firstName=Kristi`), `sortBy` (a comma list, sorted by the first key, then the second,
 * ...), `order` for all keys at once (`Ascending`, the default, or `Descending`), and `limit`.
 * Subresource filters (`skills.name=Sales`) are the GET shapes' own (shapes.ts).
 */
import { own, type Entry } from './shapes.ts';

/** Deliberately wrong reads, for proving that the read contracts catch each. */
export const READ_DEFECTS = [
  // Property and subresource filters are not applied: every user comes back.
  'filter-ignored',
  // sortBy and order are accepted and not applied: the users come back in the seed's order.
  'sort-ignored',
  // A requested subresource is left out of every user (filters on it still apply).
  'subresource-missing',
  // Every user carries its skills and devices, asked for or not.
  'subresource-unasked',
  // A field list answers every attribute of the resource.
  'fields-ignored',
] as const;
export type ReadDefect = (typeof READ_DEFECTS)[number];

export const SORT_ORDERS = ['Ascending', 'Descending'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** What a collection may be filtered and sorted on. */
export interface ListRules {
  /** Own attributes a `<name>=<value>` parameter filters on. */
  readonly filterable: readonly string[];
  /** Keys `sortBy` takes: own attributes and `<subresource>.<property>`. */
  readonly sortable: readonly string[];
}

export interface ListQuery {
  readonly filters: readonly { readonly name: string; readonly value: string }[];
  readonly sortBy: readonly string[];
  readonly order: SortOrder;
  readonly limit?: number;
}

/** The list parameters of a request, or why they are not valid (an input validation error). */
export function parseListQuery(params: URLSearchParams, rules: ListRules): ListQuery | string {
  const filters = rules.filterable.flatMap((name) => params.getAll(name).map((value) => ({ name, value })));
  const sortBy = (params.get('sortBy') ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
  const unknown = sortBy.find((key) => !rules.sortable.includes(key));
  if (unknown !== undefined) return `Unknown sort key ${JSON.stringify(unknown.slice(0, 100))} (sortBy takes ${rules.sortable.join(', ')})`;
  const order = params.get('order') ?? 'Ascending';
  if (!(SORT_ORDERS as readonly string[]).includes(order)) return `order must be ${SORT_ORDERS.join(' or ')}, not ${JSON.stringify(order.slice(0, 100))}`;
  const limitText = params.get('limit');
  let limit: number | undefined;
  if (limitText !== null) {
    limit = /^[1-9][0-9]{0,15}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!Number.isSafeInteger(limit)) return `limit must be a positive integer, not ${JSON.stringify(limitText.slice(0, 100))}`;
  }
  return { filters, sortBy, order: order as SortOrder, ...(limit === undefined ? {} : { limit }) };
}

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Own attributes match on any element of a list (`roles`) and on the text of a scalar (`enabled=true`). */
function matchesProperty(value: unknown, wanted: string): boolean {
  if (Array.isArray(value)) return value.some((item) => isScalar(item) && String(item) === wanted);
  return isScalar(value) && String(value) === wanted;
}

const DIGITS = /^[0-9]{1,15}$/;

/**
 * Code-unit order, independent of any locale; numbers written as digits (a skill's `level` is a
 * string, a phone number too) compare as numbers, so that level 10 comes after level 9.
 */
function compareValues(a: Scalar, b: Scalar): number {
  if (typeof a === 'string' && typeof b === 'string' && DIGITS.test(a) && DIGITS.test(b)) return Number(a) - Number(b);
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  if (typeof a === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

/** The value a key sorts an entry by: a user with several (roles, skills) sorts by the least. */
function sortValue(entry: Entry, key: string): Scalar | undefined {
  const dot = key.indexOf('.');
  let values: unknown[];
  if (dot < 0) {
    const value = own(entry.fields, key);
    values = Array.isArray(value) ? value : [value];
  } else {
    const build = own(entry.subresources, key.slice(0, dot));
    values = build === undefined ? [] : build().map((item) => own(item, key.slice(dot + 1)));
  }
  return values.filter(isScalar).reduce<Scalar | undefined>((least, v) => (least === undefined || compareValues(v, least) < 0 ? v : least), undefined);
}

/**
 * Ascending by the first key, then the next; an entry without a value for a key comes after those
 * with one. Descending is that order reversed, for all keys at once [src: FilteringAndSorting 8.5.2].
 */
function sortEntries(entries: readonly Entry[], keys: readonly string[], order: SortOrder): Entry[] {
  const keyed = entries.map((entry) => ({ entry, values: keys.map((key) => sortValue(entry, key)) }));
  const direction = order === 'Descending' ? -1 : 1;
  keyed.sort((x, y) => {
    for (let i = 0; i < keys.length; i += 1) {
      const a = x.values[i];
      const b = y.values[i];
      const c = a === undefined ? (b === undefined ? 0 : 1) : b === undefined ? -1 : compareValues(a, b);
      if (c !== 0) return direction * c;
    }
    return 0;
  });
  return keyed.map((k) => k.entry);
}

/** Property filters, then the sort, then the limit; `defects` may skip the first two. */
export function arrange(entries: readonly Entry[], list: ListQuery, defects: ReadonlySet<string>): readonly Entry[] {
  const filtered = defects.has('filter-ignored') ? entries : entries.filter((e) => list.filters.every(({ name, value }) => matchesProperty(own(e.fields, name), value)));
  const sorted = list.sortBy.length === 0 || defects.has('sort-ignored') ? filtered : sortEntries(filtered, list.sortBy, list.order);
  return list.limit === undefined ? sorted : sorted.slice(0, list.limit);
}

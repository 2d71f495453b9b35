/**
 * The three GET shapes of GWS [src: RV850, RV851, REQPAR, SUBRES]:
 * a collection as `uris` (default), a collection as a plural array (`fields=*`, a field list, or
 * `subresources=`), and a singular resource wrapped in its singular key.
 */

export type Json = Record<string, unknown>;

/** One resource as the GET shapes see it: its absolute URI, its own fields and lazily built subresources. */
export interface Entry {
  readonly uri: string;
  readonly fields: Json;
  readonly subresources?: Readonly<Record<string, () => readonly Json[]>>;
}

export interface ShapeQuery {
  readonly fields?: '*' | readonly string[];
  readonly subresources?: '*' | readonly string[];
  /** `<sub>.<prop>=<value>` filters [src: SUBRES]. */
  readonly filters: readonly { readonly sub: string; readonly prop: string; readonly value: string }[];
}

function list(value: string | null): '*' | string[] | undefined {
  if (value === null) return undefined;
  if (value.trim() === '*') return '*';
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseShapeQuery(params: URLSearchParams): ShapeQuery {
  const filters: { sub: string; prop: string; value: string }[] = [];
  for (const [key, value] of params) {
    const dot = key.indexOf('.');
    if (dot > 0 && dot < key.length - 1) filters.push({ sub: key.slice(0, dot), prop: key.slice(dot + 1), value });
  }
  const fields = list(params.get('fields'));
  const subresources = list(params.get('subresources'));
  return {
    filters,
    ...(fields === undefined ? {} : { fields }),
    ...(subresources === undefined ? {} : { subresources }),
  };
}

/** Own properties only: query names such as `constructor` or `__proto__` must not reach inherited members. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function matchesFilters(entry: Entry, query: ShapeQuery): boolean {
  return query.filters.every(({ sub, prop, value }) => {
    const build = own(entry.subresources, sub);
    if (build === undefined) return false;
    return build().some((item) => {
      const v = own(item, prop);
      return (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && String(v) === value;
    });
  });
}

/** The object a resource is rendered as under the query: selected fields plus requested subresources. */
export function project(entry: Entry, query: ShapeQuery): Json {
  const { fields, subresources } = query;
  const out: Json = {};
  if (fields === undefined || fields === '*') Object.assign(out, entry.fields);
  else for (const name of fields) if (Object.hasOwn(entry.fields, name)) out[name] = entry.fields[name];
  const available = Object.keys(entry.subresources ?? {});
  const wanted = subresources === undefined ? [] : subresources === '*' ? available : subresources.filter((s) => available.includes(s));
  for (const sub of wanted) {
    // With an explicit field list, a subresource appears only if listed: SUBRES's filter example
    // (`subresources=skills&fields=id,userName&skills.name=Sales`) answers id and userName only.
    if (Array.isArray(fields) && !fields.includes(sub)) continue;
    const build = own(entry.subresources, sub);
    if (build !== undefined) out[sub] = build();
  }
  return out;
}

/**
 * Body of a collection GET: `{statusCode:0, uris:[...]}` or `{statusCode:0, <plural>:[...]}`.
 * `arrange` runs after the subresource filters, so that a limit counts only what they kept.
 */
export function collectionBody(plural: string, entries: readonly Entry[], query: ShapeQuery, arrange: (kept: readonly Entry[]) => readonly Entry[] = (kept) => kept): Json {
  const kept = arrange(entries.filter((e) => matchesFilters(e, query)));
  if (query.fields === undefined && query.subresources === undefined) {
    return { statusCode: 0, uris: kept.map((e) => e.uri) };
  }
  return { statusCode: 0, [plural]: kept.map((e) => project(e, query)) };
}

/** Body of a singular GET: `{statusCode:0, <singular>:{...}}`. */
export function singularBody(singular: string, entry: Entry, query: ShapeQuery): Json {
  return { statusCode: 0, [singular]: project(entry, query) };
}

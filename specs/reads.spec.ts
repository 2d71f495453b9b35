// Reads that mean what they ask: a field list, subresources, a subresource filter, sortBy and order,
// and limit on GET /users [src: SUBRES 8.5.2, FilteringAndSorting 8.5.2, USERSAPI851]. Every
// expectation is derived from what the same server answers to a plainer read, so a server with other
// users and skills is judged by its own data; where the data cannot tell right from wrong (one user,
// no shared skill) the contract is skipped with that reason. The request URL limit with a long field
// list is the contract "get-me: a request URL over 2000 characters is not a success" (negative.spec.ts).
import type { TestContext } from 'vitest';
import { test } from 'vitest';
import type { Operation } from '../src/contracts/index.ts';
import { exampleRequest, ruleViolation, useGate, type Exchange } from '../src/gate/kit/index.ts';

type Test = TestContext['task'];
type User = Readonly<Record<string, unknown>>;
type Query = Readonly<Record<string, string>>;

const gate = useGate();
const users = gate.operation('get-users');
const userById = gate.operation('get-users-id');

const POSITIVE = ['read-only', 'reads', 'positive'];
// What a server answers to an unknown name is not documented: these hold to the project's
// decisions (docs/contracts.md), so a server that decided otherwise is a warning, not a failure.
const DECIDED = ['read-only', 'reads', 'negative', 'unconfirmed'];

/**
 * The sort contract's `limit`: "The limit parameter in this request is mandatory" [src:
 * FilteringAndSorting 8.5.2]. A server with more users than this is judged on the order alone.
 */
const SORT_LIMIT = 500;

/** A field list answers the attributes asked for; `uri` and `path`, a resource's links, may come along (gws-api 3.7). */
const LINKS = ['uri', 'path'];

const asObject = (value: unknown): User | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as User) : undefined);
const label = (user: User, index: number): string => (typeof user['userName'] === 'string' ? user['userName'] : typeof user['id'] === 'string' ? user['id'] : `#${index}`);
const named = (list: readonly string[]): string => (list.length > 6 ? `${list.slice(0, 6).join(', ')} and ${list.length - 6} more` : list.join(', '));

/** Sends a read, judges it as the operation answering that request, and returns it. */
async function read(task: Test, operation: Operation, path: string, query: Query, expectStatusCodes?: readonly number[]): Promise<Exchange> {
  const exchange = await gate.user.send({ method: 'GET', path, query });
  gate.expect(task, operation, exchange, { request: { query }, ...(expectStatusCodes === undefined ? {} : { expectStatusCodes }) });
  return exchange;
}

/** GET /users answering the plural array: a query with fields or subresources asks for it [src: RV851]. */
async function readUsers(task: Test, query: Query): Promise<{ readonly list: User[]; readonly exchange: Exchange }> {
  const exchange = await read(task, users, '/users', query);
  const list = (exchange.response.body as { users?: unknown } | undefined)?.users;
  if (!Array.isArray(list)) return gate.fail(task, users, ruleViolation('schema', 'users-list', `GET ${exchange.request.path} answered no "users" array`), exchange);
  return { list: list.map((u) => asObject(u) ?? {}), exchange };
}

const fail = (task: Test, operation: Operation, rule: string, message: string, exchange: Exchange): never => gate.fail(task, operation, ruleViolation('schema', rule, message), exchange);

test('get-users: a field list answers the attributes asked for and no others', { tags: POSITIVE }, async ({ task, skip }) => {
  const asked = ['id', 'userName', 'lastName'];
  const { list, exchange } = await readUsers(task, { fields: asked.join(',') });
  if (list.length === 0) return skip('the server lists no users');
  const unasked = list.flatMap((user, i) => {
    const extra = Object.keys(user).filter((key) => !asked.includes(key) && !LINKS.includes(key));
    return extra.length === 0 ? [] : [`${label(user, i)} (${extra.join(', ')})`];
  });
  if (unasked.length > 0) fail(task, users, 'field-list', `field list fields=${asked.join(',')}: users carry attributes not asked for: ${named(unasked)} [src: SUBRES 8.5.2]`, exchange);
});

test('get-users: subresources=skills gives every user a skills list and no devices', { tags: POSITIVE }, async ({ task, skip }) => {
  const { list, exchange } = await readUsers(task, { subresources: 'skills' });
  if (list.length === 0) return skip('the server lists no users');
  const without = list.flatMap((user, i) => (Array.isArray(user['skills']) ? [] : [label(user, i)]));
  const devices = list.flatMap((user, i) => ('devices' in user ? [label(user, i)] : []));
  const problems = [
    ...(without.length > 0 ? [`users without a skills list: ${named(without)}`] : []),
    ...(devices.length > 0 ? [`users with devices, which were not asked for: ${named(devices)}`] : []),
  ];
  if (problems.length > 0) fail(task, users, 'subresources', `subresources=skills: ${problems.join('; ')} [src: SUBRES 8.5.2]`, exchange);
});

test('get-users: without subresources no user carries skills or devices', { tags: POSITIVE }, async ({ task, skip }) => {
  const { list, exchange } = await readUsers(task, { fields: '*' });
  if (list.length === 0) return skip('the server lists no users');
  const carrying = list.flatMap((user, i) => {
    const subs = ['skills', 'devices'].filter((sub) => sub in user);
    return subs.length === 0 ? [] : [`${label(user, i)} (${subs.join(', ')})`];
  });
  if (carrying.length > 0) fail(task, users, 'subresources', `subresources not asked for: users carry them anyway: ${named(carrying)} [src: SUBRES 8.5.2, USERSAPI851]`, exchange);
});

test('get-users-id: skills only with subresources=skills, and devices not even then', { tags: POSITIVE }, async ({ task }) => {
  const { path } = await exampleRequest(gate, userById);
  const plain = await read(task, userById, path, {});
  const plainUser = asObject((plain.response.body as { user?: unknown } | undefined)?.user) ?? {};
  const unasked = ['skills', 'devices'].filter((sub) => sub in plainUser);
  if (unasked.length > 0) fail(task, userById, 'subresources', `subresources not asked for: the user carries ${unasked.join(' and ')} anyway [src: SUBRES 8.5.2]`, plain);
  const withSkills = await read(task, userById, path, { subresources: 'skills' });
  const user = asObject((withSkills.response.body as { user?: unknown } | undefined)?.user) ?? {};
  if (!Array.isArray(user['skills'])) fail(task, userById, 'subresources', 'subresources=skills: the user has no skills list [src: SUBRES 8.5.2]', withSkills);
  if ('devices' in user) fail(task, userById, 'subresources', 'subresources=skills: the user carries devices, which were not asked for [src: SUBRES 8.5.2]', withSkills);
});

/** Skill names of a user as `subresources=skills` lists them. */
function skillNames(user: User): string[] {
  const skills = Array.isArray(user['skills']) ? user['skills'] : [];
  return skills.map((s) => asObject(s)?.['name']).filter((n): n is string => typeof n === 'string');
}

/**
 * A skill two users share and another user lacks, so that a filter ignored shows; none whose name
 * is part of another skill's name, ignoring case, so that a server matching on part of a name or
 * ignoring case is not taken for one that filters wrongly.
 */
function sharedSkill(list: readonly User[]): string | undefined {
  const holders = new Map<string, number>();
  for (const user of list) for (const name of new Set(skillNames(user))) holders.set(name, (holders.get(name) ?? 0) + 1);
  const names = [...holders.keys()];
  const overlaps = (name: string): boolean => names.some((other) => other !== name && other.toLowerCase().includes(name.toLowerCase()));
  return names.filter((name) => (holders.get(name) ?? 0) >= 2 && (holders.get(name) ?? 0) < list.length && !overlaps(name)).sort()[0];
}

test('get-users: skills.name=<a skill two users share> answers exactly the users who have it', { tags: POSITIVE }, async ({ task, skip }) => {
  const { list } = await readUsers(task, { subresources: 'skills' });
  if (list.length < 2) return skip(`the server lists ${list.length} user(s): a filter needs two to choose between`);
  const name = sharedSkill(list);
  if (name === undefined) return skip('no skill is shared by two users and lacked by a third, with a name no other skill name contains');
  const ids = (users: readonly User[]): string[] => users.map((u) => u['id']).filter((id): id is string => typeof id === 'string');
  const having = new Set(ids(list.filter((u) => skillNames(u).includes(name))));
  const known = new Map(list.map((u, i) => [u['id'], label(u, i)]));
  // The request of the Subresources page, with a skill this server has [src: SUBRES 8.5.2].
  const { list: filtered, exchange } = await readUsers(task, { subresources: 'skills', fields: 'id,userName', 'skills.name': name });
  const returned = new Set(ids(filtered));
  // A user the unfiltered read did not list (added since) cannot be judged.
  const wrong = [...returned].filter((id) => known.has(id) && !having.has(id)).map((id) => known.get(id) ?? id);
  const missing = [...having].filter((id) => !returned.has(id)).map((id) => known.get(id) ?? id);
  const problems = [
    ...(wrong.length > 0 ? [`answered users who do not have it: ${named(wrong)}`] : []),
    ...(missing.length > 0 ? [`left out users who have it: ${named(missing)}`] : []),
  ];
  if (problems.length > 0) fail(task, users, 'filter', `filter skills.name=${name}: ${problems.join('; ')} [src: SUBRES 8.5.2]`, exchange);
});

const SORT_KEYS = ['lastName', 'firstName'] as const;

/**
 * Orders two users by the sort keys in plain UTF-16 code-unit order, as Java's String.compareTo
 * does; `fold` ignores case. Not localeCompare: its order follows the ICU data and locale of the
 * machine running the gate, so one answer could hold on one machine and break on another. The docs
 * do not say how GWS collates, so an order holds when it holds with or without case. Undefined when
 * a user has no text for a key: such a pair cannot be judged.
 */
function compareUsers(a: User, b: User, fold: boolean): number | undefined {
  for (const key of SORT_KEYS) {
    const x = a[key];
    const y = b[key];
    if (typeof x !== 'string' || typeof y !== 'string') return undefined;
    const [p, q] = fold ? [x.toLowerCase(), y.toLowerCase()] : [x, y];
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** The first neighbours out of order, or undefined when the list is in order. */
function disorder(list: readonly User[], direction: 1 | -1, fold: boolean): number | undefined {
  for (let i = 0; i + 1 < list.length; i += 1) {
    const c = compareUsers(list[i] as User, list[i + 1] as User, fold);
    if (c !== undefined && c * direction > 0) return i;
  }
  return undefined;
}

const describeUser = (user: User, index: number): string => `${SORT_KEYS.map((k) => String(user[k])).join(', ')} (${label(user, index)})`;

test(`get-users: sortBy=${SORT_KEYS.join(',')} orders the users by both keys, Ascending and Descending`, { tags: POSITIVE }, async ({ task, skip }) => {
  const fields = ['id', 'userName', ...SORT_KEYS].join(',');
  const limit = String(SORT_LIMIT);
  const { list: unsorted } = await readUsers(task, { fields, limit });
  if (unsorted.length < 2) return skip(`the server lists ${unsorted.length} user(s): an order needs two`);
  if (unsorted.every((u) => compareUsers(u, unsorted[0] as User, false) === 0)) return skip(`no two users differ in ${SORT_KEYS.join(' or ')}: every order is that order`);
  const complete = unsorted.length < SORT_LIMIT;
  const members = (list: readonly User[]): string => list.map((u) => String(u['id'])).sort().join(',');
  for (const [order, direction] of [['Ascending', 1], ['Descending', -1]] as const) {
    const query = { fields, sortBy: SORT_KEYS.join(','), order, limit };
    const { list, exchange } = await readUsers(task, query);
    const what = `sortBy=${query.sortBy}&order=${order}`;
    // The same users as the read without sortBy, when that read listed them all.
    if (complete && members(list) !== members(unsorted)) {
      fail(task, users, 'sort-members', `${what}: answered ${list.length} users, not the ${unsorted.length} of the same read without sortBy [src: FilteringAndSorting 8.5.2]`, exchange);
    }
    const at = disorder(list, direction, false);
    if (at !== undefined && disorder(list, direction, true) !== undefined) {
      const [a, b] = [list[at] as User, list[at + 1] as User];
      fail(task, users, 'sort-order', `${what}: not in that order: ${describeUser(a, at)} comes before ${describeUser(b, at + 1)} [src: FilteringAndSorting 8.5.2]`, exchange);
    }
  }
});

test('get-users: limit=1 answers one user', { tags: POSITIVE }, async ({ task, skip }) => {
  const { list: all } = await readUsers(task, { fields: 'id' });
  if (all.length < 2) return skip(`the server lists ${all.length} user(s): a limit of one cannot be told from none`);
  const { list, exchange } = await readUsers(task, { fields: 'id', limit: '1' });
  if (list.length !== 1) fail(task, users, 'limit', `limit=1: answered ${list.length} users; the server lists ${all.length} [src: FilteringAndSorting 8.5.2]`, exchange);
});

test('get-users: an unknown sort key is refused with statusCode 10', { tags: DECIDED }, async ({ task }) => {
  await read(task, users, '/users', { fields: 'id', sortBy: 'gwscheckNoSuchKey', limit: '10' }, [10]);
});

test('get-users: an order other than Ascending or Descending is refused with statusCode 10', { tags: DECIDED }, async ({ task }) => {
  await read(task, users, '/users', { fields: 'id', sortBy: 'userName', order: 'Sideways', limit: '10' }, [10]);
});

test('get-users: an unknown field in a field list is left out and the rest answered', { tags: DECIDED }, async ({ task }) => {
  const { list, exchange } = await readUsers(task, { fields: 'id,gwscheckNoSuchField' });
  const carrying = list.flatMap((user, i) => ('gwscheckNoSuchField' in user ? [label(user, i)] : []));
  if (carrying.length > 0) fail(task, users, 'field-list', `fields=id,gwscheckNoSuchField: users carry an attribute that does not exist: ${named(carrying)}`, exchange);
});

test('get-users: an unknown subresource is left out and the users answered', { tags: DECIDED }, async ({ task }) => {
  const { list, exchange } = await readUsers(task, { subresources: 'gwscheckNoSuchSubresource' });
  const carrying = list.flatMap((user, i) => (['gwscheckNoSuchSubresource', 'skills', 'devices'].some((sub) => sub in user) ? [label(user, i)] : []));
  if (carrying.length > 0) fail(task, users, 'subresources', `subresources=gwscheckNoSuchSubresource: users carry a subresource not asked for: ${named(carrying)}`, exchange);
});

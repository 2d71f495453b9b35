// Settings contracts: what the schemas cannot say. GET /settings lists the settings groups by uri
// and key [src: SettingsCustom 8.5.2]; every group it lists can be read, and in a group that is a
// list of settings the key names the attribute that identifies each setting, unique within the
// group [src: UserSettingsCreateGroup 8.5.2]. A name no group has is a resource not found [src: RV852].
import { test } from 'vitest';
import { UNCONFIRMED, escapePointer, type Operation, type Violation } from '../src/contracts/index.ts';
import { NO_ADMIN_REASON, ruleViolation, useGate, type Exchange } from '../src/gate/kit/index.ts';

const gate = useGate();
const listing = gate.operation('get-settings');
// A group with an entry of its own is judged by its schema as well, unless that schema is
// unconfirmed: its own contract warns of a mismatch, this one would fail for it.
const OWN_ENTRY = new Map<string, Operation>();
for (const [name, id] of [['general-settings', 'get-settings-general-settings'], ['agent-states', 'get-settings-agent-states']] as const) {
  const operation = gate.operation(id);
  if (!operation.tags.includes(UNCONFIRMED)) OWN_ENTRY.set(name, operation);
}
const ABSENT_GROUP = 'gwscheck-absent-group';

interface ListedGroup {
  /** The last segment of the group's uri, as sent in a path. */
  readonly segment: string;
  readonly name: string;
  readonly key: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The groups of a GET /settings answer that name a uri and a key; the schema judged the rest. */
function listedGroups(body: unknown): ListedGroup[] {
  const items = isObject(body) && Array.isArray(body['settings']) ? (body['settings'] as unknown[]) : [];
  return items.flatMap((item) => {
    if (!isObject(item) || typeof item['uri'] !== 'string' || typeof item['key'] !== 'string') return [];
    const segment = /\/settings\/([^/?#]+)\/?$/.exec(item['uri'])?.[1];
    if (segment === undefined) return [];
    let name = segment;
    try {
      name = decodeURIComponent(segment);
    } catch {
      // A segment that is not percent-encoding is its own name.
    }
    return [{ segment, name, key: item['key'] }];
  });
}

/**
 * What a group's answer breaks: a group is answered with statusCode 0 and its settings, one object
 * or a list; in a list every setting carries the key, each value once.
 */
function groupViolation(group: ListedGroup, exchange: Exchange): Violation | undefined {
  const body = exchange.response.body;
  const where = `GET /settings/${group.segment}`;
  if (!isObject(body) || body['statusCode'] !== 0) {
    return ruleViolation('status-code', 'listed-group-read', `${where}: a group GET /settings lists answered ${exchange.response.rawBody.slice(0, 200)}, not statusCode 0`);
  }
  const settings = body['settings'];
  if (!Array.isArray(settings)) {
    return isObject(settings) ? undefined : ruleViolation('schema', 'listed-group-read', `${where}: settings is ${JSON.stringify(settings) ?? 'missing'}, not an object or a list`, '/settings');
  }
  const seen = new Set<string>();
  for (const [index, setting] of settings.entries()) {
    if (!isObject(setting) || !Object.hasOwn(setting, group.key)) {
      return ruleViolation('schema', 'settings-key', `${where}: setting ${index} has no "${group.key}", the key GET /settings names for the group`, `/settings/${index}`);
    }
    const value = JSON.stringify(setting[group.key]);
    if (seen.has(value)) {
      return ruleViolation('schema', 'settings-key', `${where}: "${group.key}" ${value} names more than one setting, the key must be unique in the group`, `/settings/${index}/${escapePointer(group.key)}`);
    }
    seen.add(value);
  }
  return undefined;
}

test('get-settings: every group it lists can be read, each setting of a list carrying the group\'s key once', { tags: ['settings', 'admin', 'read-only'] }, async ({ task, skip }) => {
  const admin = gate.admin;
  if (admin === undefined) return skip(NO_ADMIN_REASON);
  const list = await admin.send({ method: 'GET', path: '/settings' });
  gate.expect(task, listing, list);
  const groups = listedGroups(list.response.body);
  if (groups.length === 0) return skip('GET /settings lists no settings group');
  for (const group of groups) {
    const exchange = await admin.send({ method: 'GET', path: `/settings/${group.segment}` });
    const own = OWN_ENTRY.get(group.name);
    if (own !== undefined) gate.expect(task, own, exchange);
    const violation = groupViolation(group, exchange);
    if (violation !== undefined) gate.fail(task, listing, violation, exchange);
  }
});

test('get-settings-general-settings: a settings group the server does not have is refused with statusCode 6', { tags: ['settings', 'admin', 'negative', 'read-only', 'stateful'] }, async ({ task, skip }) => {
  // Asked by an administrator, a refusal is not for want of a role: the group is not there.
  if (gate.admin === undefined) return skip(NO_ADMIN_REASON);
  const exchange = await gate.admin.send({ method: 'GET', path: `/settings/${ABSENT_GROUP}` });
  gate.expect(task, gate.operation('get-settings-general-settings'), exchange, { expectStatusCodes: [6] });
});

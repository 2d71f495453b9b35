import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.ts';
import { SETTINGS_CATALOG } from './catalog-settings.ts';
import { loadContracts } from './load.ts';
import { docLinks } from './sources.ts';
import type { ObservedResponse, Violation } from './types.ts';

// The samples of the Settings pages, copied as printed (the listing as far as it is in the docs
// read), and the answers a desktop is seen to read; then the shapes each schema must refuse.
const contracts = loadContracts();
const summary = (violations: readonly Violation[]) => violations.map((v) => `${v.grade} ${v.keyword} ${v.pointer}`);
function observed(body: unknown): ObservedResponse {
  return { httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body), body, durationMs: 5 };
}
const judged = (id: string, body: unknown) => summary(contracts.judge(contracts.operation(id), observed(body)).violations);

// SettingsCustom 8.5.2, "Get available settings groups": the first two groups as printed.
const LISTED = [
  { displayName: 'interaction-workspace', key: 'name', uri: 'http://198.51.100.3:8090/api/v2/settings/interaction-workspace' },
  { displayName: 'Voice', key: 'name', uri: 'http://198.51.100.3:8090/api/v2/settings/voice' },
];
// SettingsSystem 8.5.2, "Get general-settings".
const GENERAL = { settings: { countryCode: 'US', countryDigits: '1', countryName: 'United States' }, statusCode: 0 };
// What Genesys's HTCC sample desktop reads of GET /settings/agent-states: a list whose items carry
// displayName (shown) and operationName (posted to /me/channels/<channel>).
const AGENT_STATES = {
  statusCode: 0,
  settings: [
    { operationName: 'Ready', displayName: 'Ready', state: 'Ready' },
    { operationName: 'NotReady', displayName: 'Not Ready', state: 'NotReady' },
    { operationName: 'Lunch', displayName: 'Lunch', state: 'NotReady', reason: { ReasonCode: 'Lunch' } },
  ],
};

describe('the Settings pages\' samples validate', () => {
  it('GET /settings as SettingsCustom 8.5.2 prints it', () => {
    expect(judged('get-settings', { settings: LISTED, statusCode: 0 })).toEqual([]);
    expect(judged('get-settings', { statusCode: 0, settings: [] })).toEqual([]);
  });

  it('GET /settings/general-settings as SettingsSystem 8.5.2 prints it', () => {
    expect(judged('get-settings-general-settings', GENERAL)).toEqual([]);
  });

  it('GET /settings/agent-states as a desktop reads it, with attributes no page lists', () => {
    expect(judged('get-settings-agent-states', AGENT_STATES)).toEqual([]);
    expect(judged('get-settings-agent-states', { statusCode: 0, settings: [] })).toEqual([]);
    expect(judged('get-settings-agent-states', { statusCode: 0, settings: [{ state: 'NotReady' }] })).toEqual([]);
  });

  it('every settings read meets the error envelope, a group that is not there with 6', () => {
    const missing = { statusCode: 6, statusMessage: 'Settings group gwscheck not found' };
    for (const op of SETTINGS_CATALOG.filter((o) => o.path !== '/settings')) {
      expect(summary(contracts.judge(op, { ...observed(missing), httpStatus: 404 }, { expectStatusCodes: [6] }).violations), op.id).toEqual([]);
    }
    expect(summary(contracts.judge(contracts.operation('get-settings'), observed(missing), { expectStatusCodes: [6] }).violations)).toEqual(['breaking statusCode ']);
  });
});

describe('the settings schemas refuse what the pages rule out', () => {
  it('GET /settings: a URI collection, a group without its key or uri, a uri that is not the group\'s', () => {
    expect(judged('get-settings', { statusCode: 0, uris: LISTED.map((g) => g.uri) })).toEqual(['breaking required /settings', 'breaking additionalProperties /uris']);
    expect(judged('get-settings', { statusCode: 0, settings: [{ displayName: 'Voice', uri: LISTED[1]?.uri }] })).toEqual(['breaking required /settings/0/key']);
    expect(judged('get-settings', { statusCode: 0, settings: [{ displayName: 'Voice', key: 'name' }] })).toEqual(['breaking required /settings/0/uri']);
    expect(judged('get-settings', { statusCode: 0, settings: [{ ...LISTED[1], uri: '/api/v2/settings/voice' }] })).toEqual(['breaking pattern /settings/0/uri', 'breaking format /settings/0/uri']);
    expect(judged('get-settings', { statusCode: 0, settings: [{ ...LISTED[1], uri: 'http://198.51.100.3:8090/api/v2/voice' }] })).toEqual(['breaking pattern /settings/0/uri']);
    expect(judged('get-settings', { statusCode: 0, settings: [{ ...LISTED[1], key: '' }] })).toEqual(['breaking minLength /settings/0/key']);
  });

  it('GET /settings: an attribute of a group no page lists is additive drift', () => {
    expect(judged('get-settings', { statusCode: 0, settings: [{ ...LISTED[0], name: 'interaction-workspace' }] })).toEqual(['additive additionalProperties /settings/0/name']);
  });

  it('GET /settings/general-settings: a list, a country attribute missing or not a string; another attribute is additive', () => {
    expect(judged('get-settings-general-settings', { statusCode: 0, settings: [GENERAL.settings] })).toEqual(['breaking type /settings']);
    expect(judged('get-settings-general-settings', { statusCode: 0, settings: { countryCode: 'US', countryName: 'United States' } })).toEqual(['breaking required /settings/countryDigits']);
    expect(judged('get-settings-general-settings', { statusCode: 0, settings: { ...GENERAL.settings, countryDigits: 1 } })).toEqual(['breaking type /settings/countryDigits']);
    expect(judged('get-settings-general-settings', { statusCode: 0, settings: { ...GENERAL.settings, timeZone: 'America/New_York' } })).toEqual(['additive additionalProperties /settings/timeZone']);
    expect(judged('get-settings-general-settings', { ...GENERAL, statusMessage: 'OK' })).not.toEqual([]);
  });

  it('GET /settings/agent-states: one settings object, an item that is not an object, an operationName that is not a name', () => {
    expect(judged('get-settings-agent-states', { statusCode: 0, settings: { Ready: 'Ready' } })).toEqual(['breaking type /settings']);
    expect(judged('get-settings-agent-states', { statusCode: 0, settings: ['Ready'] })).toEqual(['breaking type /settings/0']);
    expect(judged('get-settings-agent-states', { statusCode: 0, settings: [{ operationName: '' }] })).toEqual(['breaking minLength /settings/0/operationName']);
    expect(judged('get-settings-agent-states', { statusCode: 0, settings: [{ operationName: 'Ready', displayName: 7 }] })).toEqual(['breaking type /settings/0/displayName']);
    expect(judged('get-settings-agent-states', { statusCode: 0 })).toEqual(['breaking required /settings']);
  });
});

describe('the settings catalog entries', () => {
  const byId = (id: string) => SETTINGS_CATALOG.find((op) => op.id === id);

  it('read the list as an administrator and the groups a desktop reads as the agent', () => {
    expect(SETTINGS_CATALOG.map((op) => [op.id, op.identity])).toEqual([
      ['get-settings', 'admin'],
      ['get-settings-general-settings', 'user'],
      ['get-settings-agent-states', 'user'],
    ]);
    for (const op of SETTINGS_CATALOG) {
      expect(CATALOG, op.id).toContain(op);
      expect(op.readOnly, op.id).toBe(true);
      expect(op.tags, op.id).toContain('settings');
      // The Settings pages are resource pages: no "Required Features" line.
      expect(op.requiredFeatures, op.id).toEqual([]);
      expect(docLinks(op.summary).map((link) => link.url), op.id).toContain('https://docs.genesys.com/Documentation/GWS/8.5.2/API/SettingsSystem');
    }
  });

  it('answer 6 for a group the server does not have, and mark what the docs read do not say', () => {
    expect(byId('get-settings')?.statusCodes).not.toContain(6);
    expect(byId('get-settings-general-settings')?.statusCodes).toContain(6);
    expect(byId('get-settings-agent-states')?.statusCodes).toContain(6);
    expect(byId('get-settings-general-settings')?.tags).not.toContain('unconfirmed');
    expect(byId('get-settings-agent-states')?.tags).toContain('unconfirmed');
  });
});

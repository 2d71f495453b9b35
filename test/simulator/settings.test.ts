// The settings groups [src: SettingsSystem 8.5.2, SettingsCustom 8.5.2]: GET /settings lists them
// for an administrator, GET /settings/{name} answers one group's settings to any user, a name no
// group has is 6; a group whose feature is off is not there [src: Features 8.5.1].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContracts } from '../../src/contracts/index.ts';
import { USER_STATES } from '../../src/simulator/seed.ts';
import { NOT_READY_REASONS, SETTINGS_GROUPS } from '../../src/simulator/settings-seed.ts';
import { ADMIN, APIUSER, eventually, expectEnvelopeError, KSIPPO, startSimulator, voiceState, type Answer, type Harness } from './harness.ts';

const contracts = loadContracts();

/** The answer judged against the operation's schema: no violation at all. */
function holds(operation: string, answer: Answer): void {
  const verdict = contracts.judge(contracts.operation(operation), { httpStatus: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? '' }, rawBody: answer.text, body: answer.body, durationMs: 1 });
  expect(verdict.violations, `${operation}: ${answer.text}`).toEqual([]);
}

interface Listed {
  readonly displayName: string;
  readonly key: string;
  readonly uri: string;
}

describe('the settings groups', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSimulator({ asyncDelayMs: 10 });
  });
  afterAll(() => h.close());

  it('GET /settings lists the groups of settings by displayName, key and uri, to administrators only', async () => {
    const listed = await h.call('GET', '/settings', { auth: ADMIN });
    expect(listed.body).toEqual({
      statusCode: 0,
      settings: [
        { displayName: 'Agent States', key: 'operationName', uri: `${h.running.url}/settings/agent-states` },
        { displayName: 'Dispositions', key: 'name', uri: `${h.running.url}/settings/dispositions` },
        { displayName: 'Voice', key: 'name', uri: `${h.running.url}/settings/voice` },
        { displayName: 'Voice Operations', key: 'operationName', uri: `${h.running.url}/settings/voice-operations` },
      ],
    });
    holds('get-settings', listed);
    expect((await h.call('GET', '/settings', { auth: APIUSER })).body).toEqual(listed.body);
    const agent = await h.call('GET', '/settings', { auth: KSIPPO });
    expectEnvelopeError(agent, 5);
    expect(agent.status).toBe(403);
  });

  it('every listed group answers its settings, each carrying the group\'s key once', async () => {
    const listed = (await h.call('GET', '/settings', { auth: ADMIN })).body['settings'] as Listed[];
    for (const group of listed) {
      const answer = await h.call('GET', new URL(group.uri).pathname.replace(/^\/api\/v2/, ''), { auth: KSIPPO });
      expect(answer.status, group.uri).toBe(200);
      const settings = answer.body['settings'] as Record<string, unknown>[];
      const keys = settings.map((s) => s[group.key]);
      expect(keys.every((k) => typeof k === 'string'), group.uri).toBe(true);
      expect(new Set(keys).size, group.uri).toBe(keys.length);
    }
  });

  it('GET /settings/general-settings answers the page\'s sample to the agent', async () => {
    const general = await h.call('GET', '/settings/general-settings', { auth: KSIPPO });
    expect(general.body).toEqual({ statusCode: 0, settings: { countryCode: 'US', countryDigits: '1', countryName: 'United States' } });
    holds('get-settings-general-settings', general);
  });

  it('GET /settings/agent-states offers the agent-state operations with the userState each shows, then the Not Ready reasons', async () => {
    const states = await h.call('GET', '/settings/agent-states', { auth: KSIPPO });
    holds('get-settings-agent-states', states);
    expect(states.body['settings']).toEqual([
      { operationName: 'Ready', displayName: USER_STATES.Ready.displayName, state: 'Ready' },
      { operationName: 'NotReady', displayName: USER_STATES.NotReady.displayName, state: 'NotReady' },
      { operationName: 'AfterCallWork', displayName: USER_STATES.AfterCallWork.displayName, state: 'NotReady', workMode: 'AfterCallWork' },
      { operationName: 'AuxWork', displayName: USER_STATES.AuxWork.displayName, state: 'NotReady', workMode: 'AuxWork' },
      { operationName: 'Offline', displayName: USER_STATES.LoggedOut.displayName, state: 'LoggedOut' },
      ...NOT_READY_REASONS.map((reason) => ({ operationName: reason, displayName: reason, state: 'NotReady' })),
    ]);
  });

  it('a Not Ready reason it lists sets the channel NotReady; a name it does not list is refused with 2', async () => {
    expect((await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } })).body).toEqual({ statusCode: 0 });
    await eventually(async () => ((await voiceState(h))['state'] === 'Ready' ? true : undefined), 2000, 'Ready');
    expect((await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Lunch' } })).body).toEqual({ statusCode: 0 });
    await eventually(async () => ((await voiceState(h))['state'] === 'NotReady' ? true : undefined), 2000, 'NotReady after Lunch');
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Nap' } }), 2);
  });

  it('a group the contact center does not have is 6; the groups take no POST; credentials come first', async () => {
    const unknown = await h.call('GET', '/settings/gwscheck-no-such-group', { auth: KSIPPO });
    expectEnvelopeError(unknown, 6);
    expect(unknown.status).toBe(404);
    expect(unknown.body['statusMessage']).toBe('Settings group gwscheck-no-such-group not found');
    expectEnvelopeError(await h.call('GET', '/settings/general-settings'), 20);
    expectEnvelopeError(await h.call('GET', '/settings'), 20);
    const post = await h.call('POST', '/settings/agent-states', { auth: ADMIN, body: {} });
    expectEnvelopeError(post, 6);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('GET /settings/dispositions answers the dispositions a contact center defines for itself', async () => {
    const dispositions = await h.call('GET', '/settings/dispositions', { auth: KSIPPO });
    expect(dispositions.body).toEqual({ statusCode: 0, settings: SETTINGS_GROUPS.find((g) => g.name === 'dispositions')?.settings });
  });
});

describe('the settings groups without api-voice', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSimulator({ disabledFeatures: ['api-voice'] });
  });
  afterAll(() => h.close());

  it('leave the voice groups out of the list, and answer 6 for them', async () => {
    const listed = (await h.call('GET', '/settings', { auth: ADMIN })).body['settings'] as Listed[];
    expect(listed.map((g) => g.displayName)).toEqual(['Agent States', 'Dispositions']);
    for (const name of ['voice', 'voice-operations']) expectEnvelopeError(await h.call('GET', `/settings/${name}`, { auth: KSIPPO }), 6);
    expect((await h.call('GET', '/settings/agent-states', { auth: KSIPPO })).status).toBe(200);
  });
});

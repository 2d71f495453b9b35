import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, APIUSER, expectEnvelopeError, KSIPPO, KSIPPO_ID, startSimulator, SUPERVISOR, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSimulator();
});
afterAll(async () => {
  await h.close();
});

const SKILL_SALES = '2d6b4b95-3a7f-4b62-8e3c-7a1f9d2e8b02';
const DEVICE = '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01';
const SUPERVISOR_DEVICE = '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02';

describe('diagnostics and /me', () => {
  it('answers GET /diagnostics/version without credentials with a 4-part version', async () => {
    const a = await h.call('GET', '/diagnostics/version');
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(a.body).toEqual({ statusCode: 0, version: '8.5.201.04' });
    expect(a.body['version']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('GET /me returns exactly statusCode and user, as on the Making a Request page', async () => {
    const a = await h.call('GET', '/me', { auth: KSIPPO });
    expect(a.status).toBe(200);
    expect(Object.keys(a.body).sort()).toEqual(['statusCode', 'user']);
    expect(a.body['user']).toEqual({
      id: KSIPPO_ID,
      userName: 'ksippo',
      firstName: 'Kristi',
      lastName: 'Sippola',
      roles: ['ROLE_AGENT'],
      enabled: true,
      changePasswordOnFirstLogin: false,
      uri: `${h.running.url}/users/${KSIPPO_ID}`,
      path: `/users/${KSIPPO_ID}`,
    });
  });

  it('GET /me?subresources=* adds skills, devices and channels; a list adds only those', async () => {
    const all = (await h.call('GET', '/me?subresources=*', { auth: KSIPPO })).body['user'] as Record<string, unknown>;
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['skills', 'devices', 'channels']));
    const some = (await h.call('GET', '/me?subresources=devices,channels', { auth: KSIPPO })).body['user'] as Record<string, unknown>;
    expect(some['devices']).toHaveLength(1);
    expect(some['channels']).toHaveLength(3);
    expect(some).not.toHaveProperty('skills');
  });

  it('POST /me rejects a missing or unknown operationName with 1 and 2', async () => {
    const missing = await h.call('POST', '/me', { auth: KSIPPO, body: {} });
    expectEnvelopeError(missing, 1);
    expect(missing.status).toBe(400);
    const unknown = await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'Dance' } });
    expectEnvelopeError(unknown, 2);
  });
});

describe('channels, devices, calls', () => {
  it('GET /me/channels gives uris by default and channels[] with fields=*', async () => {
    const uris = await h.call('GET', '/me/channels', { auth: KSIPPO });
    expect(uris.body).toEqual({ statusCode: 0, uris: ['voice', 'chat', 'email'].map((c) => `${h.running.url}/me/channels/${c}`) });
    const full = await h.call('GET', '/me/channels?fields=*', { auth: KSIPPO });
    const channels = full.body['channels'] as Record<string, unknown>[];
    expect(channels.map((c) => c['channel'])).toEqual(['voice', 'chat', 'email']);
    expect(channels[0]).toMatchObject({ phoneNumber: '5000', switchName: 'SIP_Switch', userActivity: 'Idle' });
    expect(channels[1]).not.toHaveProperty('switchName');
    expect(channels[1]).toEqual({ channel: 'chat', userState: { id: '0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB', displayName: 'Offline', state: 'LoggedOut' } });
  });

  it('GET /me/channels/voice wraps the channel in a singular key', async () => {
    const a = await h.call('GET', '/me/channels/voice', { auth: KSIPPO });
    expect(Object.keys(a.body).sort()).toEqual(['channel', 'statusCode']);
    expect(a.body['channel']).toMatchObject({
      channel: 'voice',
      userState: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
    });
    expectEnvelopeError(await h.call('GET', '/me/channels/fax', { auth: KSIPPO }), 6);
  });

  it('GET /me/devices gives absolute /devices/ uris, and devices[] with fields=*', async () => {
    const uris = await h.call('GET', '/me/devices', { auth: KSIPPO });
    expect(uris.body).toEqual({ statusCode: 0, uris: [`${h.running.url}/devices/${DEVICE}`] });
    const full = await h.call('GET', '/me/devices?fields=*', { auth: KSIPPO });
    expect(full.body['devices']).toEqual([
      {
        id: DEVICE,
        deviceState: 'Active',
        userState: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
        phoneNumber: '5000',
        e164Number: '5000',
        telephonyNetwork: 'Private',
        doNotDisturb: 'Off',
        voiceEnvironmentUri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/voice-environments\/[0-9a-f-]{36}$/) as unknown,
        capabilities: ['DoNotDisturbOn', 'ForwardCallsOn'],
      },
    ]);
    const fields = await h.call('GET', '/me/devices?fields=id,deviceState', { auth: KSIPPO });
    expect(fields.body['devices']).toEqual([{ id: DEVICE, deviceState: 'Active' }]);
  });

  it('GET /devices/{id}: own device for an agent, any device for an admin, 6 for unknown', async () => {
    const own = await h.call('GET', `/devices/${DEVICE}`, { auth: KSIPPO });
    expect((own.body['device'] as Record<string, unknown>)['id']).toBe(DEVICE);
    expectEnvelopeError(await h.call('GET', `/devices/${SUPERVISOR_DEVICE}`, { auth: KSIPPO }), 5);
    const admin = await h.call('GET', `/devices/${SUPERVISOR_DEVICE}`, { auth: ADMIN });
    expect((admin.body['device'] as Record<string, unknown>)['phoneNumber']).toBe('5001');
    const missing = await h.call('GET', '/devices/00000000-0000-0000-0000-000000000000', { auth: ADMIN });
    expectEnvelopeError(missing, 6);
    expect(missing.status).toBe(404);
  });

  it('GET /me/calls is an empty collection in both shapes', async () => {
    expect((await h.call('GET', '/me/calls', { auth: KSIPPO })).body).toEqual({ statusCode: 0, uris: [] });
    expect((await h.call('GET', '/me/calls?fields=*', { auth: KSIPPO })).body).toEqual({ statusCode: 0, calls: [] });
  });

  it('GET /me/skills lists the agent\'s own skills with string levels', async () => {
    const a = await h.call('GET', '/me/skills?fields=*', { auth: KSIPPO });
    const skills = a.body['skills'] as Record<string, unknown>[];
    expect(skills.map((s) => s['name'])).toEqual(['Sales', 'Might']);
    expect(skills[0]).toEqual({ id: SKILL_SALES, name: 'Sales', description: 'Inbound sales', level: '5' });
  });
});

describe('users and skills', () => {
  it('GET /users: uris by default, users[] with fields=*, only the listed fields with a field list', async () => {
    const uris = await h.call('GET', '/users', { auth: KSIPPO });
    expect(uris.body['uris']).toEqual(expect.arrayContaining([`${h.running.url}/users/${KSIPPO_ID}`]));
    expect((uris.body['uris'] as string[]).length).toBe(4);
    const full = await h.call('GET', '/users?fields=*', { auth: KSIPPO });
    const users = full.body['users'] as Record<string, unknown>[];
    expect(users).toHaveLength(4);
    expect(users.every((u) => typeof u['uri'] === 'string' && typeof u['path'] === 'string' && !('skills' in u))).toBe(true);
    const list = await h.call('GET', '/users?fields=id,userName', { auth: KSIPPO });
    for (const u of list.body['users'] as Record<string, unknown>[]) expect(Object.keys(u).sort()).toEqual(['id', 'userName']);
  });

  it('filters users by a subresource property (skills.name=Sales)', async () => {
    const a = await h.call('GET', '/users?subresources=skills&fields=id,userName&skills.name=Sales', { auth: ADMIN });
    expect(a.body).toEqual({ statusCode: 0, users: [{ id: KSIPPO_ID, userName: 'ksippo' }] });
    const none = await h.call('GET', '/users?subresources=skills&skills.name=Nothing', { auth: ADMIN });
    expect(none.body).toEqual({ statusCode: 0, users: [] });
    const uris = await h.call('GET', '/users?skills.name=Support', { auth: ADMIN });
    expect((uris.body['uris'] as string[]).map((u) => u.split('/').pop())).toEqual(['5e0f1a2b3c4d4e5f8a9b0c1d2e3f4a5b']);
  });

  it('GET /users filters on user properties, sorts by several keys in either order, and caps the list with limit', async () => {
    const names = async (query: string): Promise<string[]> => {
      const a = await h.call('GET', `/users?fields=userName&${query}`, { auth: KSIPPO });
      expect(a.body['statusCode'], JSON.stringify(a.body)).toBe(0);
      return (a.body['users'] as Record<string, unknown>[]).map((u) => String(u['userName']));
    };
    expect(await names('roles=ROLE_AGENT')).toEqual(['ksippo', 'lsupervisor']);
    expect(await names('lastName=Sippola')).toEqual(['ksippo']);
    expect(await names('enabled=false')).toEqual([]);
    expect(await names('sortBy=lastName,firstName')).toEqual(['lsupervisor', 'ksippo', 'apiuser', 'admin']);
    expect(await names('sortBy=lastName,firstName&order=Descending')).toEqual(['admin', 'apiuser', 'ksippo', 'lsupervisor']);
    expect(await names('sortBy=firstName&order=Ascending')).toEqual(['apiuser', 'admin', 'ksippo', 'lsupervisor']);
    expect(await names('sortBy=userName&limit=100')).toEqual(['admin', 'apiuser', 'ksippo', 'lsupervisor']);
    expect(await names('subresources=skills&skills.name=Might&sortBy=skills.level')).toEqual(['ksippo', 'lsupervisor']);
    expect(await names('sortBy=userName&order=Descending&limit=1')).toEqual(['lsupervisor']);
    const uris = await h.call('GET', '/users?sortBy=userName&limit=2', { auth: KSIPPO });
    expect((uris.body['uris'] as string[]).length).toBe(2);
  });

  it('GET /users refuses an unknown sort key, another order and a bad limit with statusCode 10; unknown fields and subresources select nothing', async () => {
    for (const query of ['sortBy=statistics.channels.voice.state', 'sortBy=lastName,nope', 'order=descending', 'limit=0', 'limit=all']) {
      expectEnvelopeError(await h.call('GET', `/users?${query}`, { auth: KSIPPO }), 10);
    }
    const fields = await h.call('GET', '/users?fields=id,gwscheckNoSuchField', { auth: KSIPPO });
    expect((fields.body['users'] as Record<string, unknown>[]).every((u) => Object.keys(u).join() === 'id')).toBe(true);
    const subs = await h.call('GET', '/users?subresources=gwscheckNoSuchSubresource', { auth: KSIPPO });
    expect((subs.body['users'] as Record<string, unknown>[]).every((u) => !('gwscheckNoSuchSubresource' in u) && !('skills' in u))).toBe(true);
  });

  it('GET /users/{id}: singular user, subresources only when asked', async () => {
    const plain = (await h.call('GET', `/users/${KSIPPO_ID}`, { auth: KSIPPO })).body['user'] as Record<string, unknown>;
    expect(plain).not.toHaveProperty('skills');
    expect(plain).not.toHaveProperty('devices');
    const skills = (await h.call('GET', `/users/${KSIPPO_ID}?subresources=skills`, { auth: KSIPPO })).body['user'] as Record<string, unknown>;
    expect(skills).toHaveProperty('skills');
    expect(skills).not.toHaveProperty('devices');
    const all = (await h.call('GET', `/users/${KSIPPO_ID}?subresources=*`, { auth: KSIPPO })).body['user'] as Record<string, unknown>;
    expect(all['devices']).toHaveLength(1);
    expectEnvelopeError(await h.call('GET', '/users/ffffffffffffffffffffffffffffffff', { auth: KSIPPO }), 6);
  });

  it('admin-only routes answer 5 / HTTP 403 to agents and supervisors, and serve admins', async () => {
    const adminOnly = ['/skills', `/skills/${SKILL_SALES}`, '/devices', `/users/${KSIPPO_ID}/devices`, `/users/${KSIPPO_ID}/skills`, `/users/${KSIPPO_ID}/skills/${SKILL_SALES}`];
    for (const path of adminOnly) {
      for (const auth of [KSIPPO, SUPERVISOR]) {
        const denied = await h.call('GET', path, { auth });
        expectEnvelopeError(denied, 5);
        expect(denied.status).toBe(403);
      }
      for (const auth of [ADMIN, APIUSER]) {
        const allowed = await h.call('GET', path, { auth });
        expect(allowed.status, path).toBe(200);
        expect(allowed.body['statusCode']).toBe(0);
      }
    }
  });

  it('seeds an API user whose roles include ROLE_APIUSER, with the access of an administrator', async () => {
    const me = (await h.call('GET', '/me', { auth: APIUSER })).body['user'] as Record<string, unknown>;
    expect(me['roles']).toEqual(['ROLE_APIUSER']);
    const device = await h.call('GET', `/devices/${SUPERVISOR_DEVICE}`, { auth: APIUSER });
    expect((device.body['device'] as Record<string, unknown>)['id']).toBe(SUPERVISOR_DEVICE);
  });

  it('skills: uris for admins, skills[] with string levels and optional description', async () => {
    const uris = await h.call('GET', '/skills', { auth: ADMIN });
    expect((uris.body['uris'] as string[]).every((u) => u.startsWith(`${h.running.url}/skills/`))).toBe(true);
    const full = await h.call('GET', '/skills?fields=*', { auth: ADMIN });
    const skills = full.body['skills'] as Record<string, unknown>[];
    expect(skills).toHaveLength(3);
    expect(skills.every((s) => typeof s['level'] === 'string')).toBe(true);
    expect(skills.find((s) => s['name'] === 'Support')).not.toHaveProperty('description');
    const one = await h.call('GET', `/skills/${SKILL_SALES}`, { auth: ADMIN });
    expect(one.body).toEqual({ statusCode: 0, skill: { id: SKILL_SALES, name: 'Sales', description: 'Inbound sales', level: '0' } });
    const userSkill = await h.call('GET', `/users/${KSIPPO_ID}/skills/${SKILL_SALES}`, { auth: ADMIN });
    expect((userSkill.body['skill'] as Record<string, unknown>)['level']).toBe('5');
    expectEnvelopeError(await h.call('GET', '/skills/00000000-0000-0000-0000-000000000000', { auth: ADMIN }), 6);
  });

  it('GET /devices and /users/{id}/devices list devices for admins', async () => {
    const all = await h.call('GET', '/devices?fields=*', { auth: ADMIN });
    expect((all.body['devices'] as unknown[]).length).toBe(2);
    const one = await h.call('GET', `/users/${KSIPPO_ID}/devices`, { auth: ADMIN });
    expect(one.body).toEqual({ statusCode: 0, uris: [`${h.running.url}/devices/${DEVICE}`] });
  });
});

describe('unknown paths and wrong methods', () => {
  it('answers 6 / HTTP 404 for unknown paths under and outside the prefix', async () => {
    const under = await h.call('GET', '/nothing/here', { auth: KSIPPO });
    expectEnvelopeError(under, 6);
    expect(under.status).toBe(404);
    const outside = await h.callOrigin('GET', '/elsewhere');
    expectEnvelopeError(outside, 6);
  });

  it('answers 6 / HTTP 404 with an Allow header for a method a resource does not support', async () => {
    const a = await h.call('DELETE', '/me', { auth: KSIPPO });
    expectEnvelopeError(a, 6);
    expect(a.status).toBe(404);
    expect(a.headers.get('allow')).toBe('GET, POST');
    expectEnvelopeError(await h.call('PUT', '/skills', { auth: ADMIN, body: {} }), 6);
    expectEnvelopeError(await h.call('POST', '/diagnostics/version'), 6);
  });
});

describe('prefix option', () => {
  it('serves the API below a custom prefix and 404s the default one', async () => {
    const cloud = await startSimulator({ prefix: '/cloud-web/api/v2' });
    try {
      expect(cloud.running.url).toMatch(/\/cloud-web\/api\/v2$/);
      const me = await cloud.call('GET', '/me', { auth: KSIPPO });
      expect((me.body['user'] as Record<string, unknown>)['uri']).toBe(`${cloud.running.url}/users/${KSIPPO_ID}`);
      expectEnvelopeError(await cloud.callOrigin('GET', '/api/v2/me', { auth: KSIPPO }), 6);
    } finally {
      await cloud.close();
    }
  });

  it('rejects a bad prefix with a one-line error', async () => {
    await expect(startSimulator({ prefix: 'api v2' })).rejects.toThrow(/prefix "api v2" is not a URL path/);
  });
});

describe('options for the open questions of the decisions table', () => {
  it('errorHttpStatus always-200, roleDenialStatusCode 3 and version change only what they name', async () => {
    const other = await startSimulator({ errorHttpStatus: 'always-200', roleDenialStatusCode: 3, version: '8.5.200.50' });
    try {
      const denied = await other.call('GET', '/skills', { auth: KSIPPO });
      expect(denied.status).toBe(200);
      expectEnvelopeError(denied, 3);
      const anonymous = await other.call('GET', '/me');
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toEqual({ statusCode: 20, statusMessage: 'Access denied' });
      expect((await other.call('GET', '/diagnostics/version')).body).toEqual({ statusCode: 0, version: '8.5.200.50' });
    } finally {
      await other.close();
    }
  });

  it('rejects option values outside what the table allows with one line', async () => {
    await expect(startSimulator({ version: '8.5' })).rejects.toThrow('version "8.5" must have four dotted parts (e.g. 8.5.201.04)');
    await expect(startSimulator({ asyncDelayMs: -1 })).rejects.toThrow('asyncDelayMs -1 must be an integer >= 0');
    await expect(startSimulator({ authFailureStatus: 500 as 401 })).rejects.toThrow('authFailureStatus 500 must be 401 or 403');
  });

  it('authenticate() resolves Basic credentials and session cookies to a user id for other layers', async () => {
    const basic = `Basic ${Buffer.from(KSIPPO).toString('base64')}`;
    expect(h.simulator.authenticate({ authorization: basic })).toBe(KSIPPO_ID);
    expect(h.simulator.authenticate({ authorization: 'Basic eDp5' })).toBeNull();
    expect(h.simulator.authenticate({})).toBeNull();
    const cookie = (await h.call('GET', '/me', { auth: KSIPPO })).headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(h.simulator.authenticate({ cookie })).toBe(KSIPPO_ID);
  });
});

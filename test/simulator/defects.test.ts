import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { DefectMode, StateAppliedEvent } from '../../src/simulator/types.ts';
import { ADMIN, eventually, KSIPPO, startSimulator, voiceState, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withDefect(defect: DefectMode, asyncDelayMs = 5): Promise<Harness> {
  h = await startSimulator({ defects: [defect], asyncDelayMs });
  return h;
}

function user(body: Record<string, unknown>): Record<string, unknown> {
  return body['user'] as Record<string, unknown>;
}

describe('defect modes (each one deliberately breaks a documented rule)', () => {
  it('user-missing-field: GET /me user lacks userName', async () => {
    const s = await withDefect('user-missing-field');
    expect(user((await s.call('GET', '/me', { auth: KSIPPO })).body)).not.toHaveProperty('userName');
  });

  it('user-id-wrong-type: user.id is a number', async () => {
    const s = await withDefect('user-id-wrong-type');
    expect(typeof user((await s.call('GET', '/me', { auth: KSIPPO })).body)['id']).toBe('number');
  });

  it('error-extra-attributes: error envelopes carry details', async () => {
    const s = await withDefect('error-extra-attributes');
    const a = await s.call('GET', '/me');
    expect(a.body['statusCode']).toBe(20);
    expect(a.body).toHaveProperty('details');
  });

  it('status-message-on-success: success bodies carry statusMessage OK', async () => {
    const s = await withDefect('status-message-on-success');
    expect((await s.call('GET', '/me', { auth: KSIPPO })).body['statusMessage']).toBe('OK');
  });

  it('no-auth-required: requests without credentials are served as ksippo', async () => {
    const s = await withDefect('no-auth-required');
    const a = await s.call('GET', '/me');
    expect(a.status).toBe(200);
    expect(user(a.body)['userName']).toBe('ksippo');
  });

  it('wrong-password-accepted: any password works', async () => {
    const s = await withDefect('wrong-password-accepted');
    expect((await s.call('GET', '/me', { auth: 'admin:not-the-password' })).body['statusCode']).toBe(0);
  });

  it('async-never-applied: operations are acknowledged and never applied', async () => {
    const s = await withDefect('async-never-applied');
    let applied = 0;
    s.simulator.events.on('state-applied', () => (applied += 1));
    expect((await s.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } })).text).toBe('{"statusCode":0}');
    // Turning the defect off proves ordering: the next operation applies, the first one never did.
    s.simulator.setDefects([]);
    const next = once(s.simulator.events, 'state-applied');
    await s.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'AuxWork' } });
    await next;
    expect(applied).toBe(1);
  });

  it('wrong-state-applied: Ready applies NotReady and NotReady applies Ready', async () => {
    const s = await withDefect('wrong-state-applied');
    const applied = once(s.simulator.events, 'state-applied') as Promise<[StateAppliedEvent]>;
    await s.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'NotReady' } });
    expect((await applied)[0].devices[0]?.userState.state).toBe('Ready');
    await eventually(async () => ((await voiceState(s))['state'] === 'Ready' ? true : undefined));
  });

  it('operation-echoes-state: the operation reply includes the new userState', async () => {
    const s = await withDefect('operation-echoes-state');
    const a = await s.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } });
    expect(a.body['userState']).toMatchObject({ state: 'Ready' });
  });

  it('slow: every API answer is delayed by 1500 ms', async () => {
    const s = await withDefect('slow');
    const started = Date.now();
    await s.call('GET', '/diagnostics/version');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('text-content-type: answers are labelled text/plain', async () => {
    const s = await withDefect('text-content-type');
    expect((await s.call('GET', '/diagnostics/version')).headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('status-code-string: statusCode is a string', async () => {
    const s = await withDefect('status-code-string');
    expect((await s.call('GET', '/diagnostics/version')).body['statusCode']).toBe('0');
  });

  it('relative-uris: uris and uri are not absolute', async () => {
    const s = await withDefect('relative-uris');
    const uris = (await s.call('GET', '/me/devices', { auth: KSIPPO })).body['uris'] as string[];
    expect(uris[0]).toMatch(/^\/api\/v2\/devices\//);
    expect(user((await s.call('GET', '/me', { auth: KSIPPO })).body)['uri']).toMatch(/^\/api\/v2\/users\//);
  });

  it('roles-not-enforced: an agent may read skills', async () => {
    const s = await withDefect('roles-not-enforced');
    expect((await s.call('GET', '/skills', { auth: KSIPPO })).body['statusCode']).toBe(0);
  });

  it('role-administrator: ROLE_ADMIN is spelled ROLE_ADMINISTRATOR', async () => {
    const s = await withDefect('role-administrator');
    expect(user((await s.call('GET', '/me', { auth: ADMIN })).body)['roles']).toEqual(['ROLE_ADMINISTRATOR']);
  });

  it('missing-operation-name-accepted: a POST without operationName succeeds', async () => {
    const s = await withDefect('missing-operation-name-accepted');
    expect((await s.call('POST', '/me/channels/voice', { auth: KSIPPO, body: {} })).text).toBe('{"statusCode":0}');
  });

  it('skill-level-number: skill level is a number', async () => {
    const s = await withDefect('skill-level-number');
    const skills = (await s.call('GET', '/skills?fields=*', { auth: ADMIN })).body['skills'] as Record<string, unknown>[];
    expect(typeof skills[0]?.['level']).toBe('number');
  });

  it('filter-ignored: GET /users answers every user whatever the filters', async () => {
    const s = await withDefect('filter-ignored');
    for (const query of ['subresources=skills&fields=id&skills.name=Might', 'fields=id&userName=ksippo']) {
      expect((await s.call('GET', `/users?${query}`, { auth: KSIPPO })).body['users']).toHaveLength(4);
    }
  });

  it('sort-ignored: GET /users answers in the seed\'s order whatever sortBy and order say', async () => {
    const s = await withDefect('sort-ignored');
    for (const order of ['Ascending', 'Descending']) {
      const users = (await s.call('GET', `/users?fields=userName&sortBy=userName&order=${order}`, { auth: KSIPPO })).body['users'] as Record<string, unknown>[];
      expect(users.map((u) => u['userName'])).toEqual(['ksippo', 'lsupervisor', 'admin', 'apiuser']);
    }
  });

  it('subresource-missing: subresources=skills adds no skills, and the answer is still the users', async () => {
    const s = await withDefect('subresource-missing');
    const users = (await s.call('GET', '/users?subresources=skills', { auth: KSIPPO })).body['users'] as Record<string, unknown>[];
    expect(users).toHaveLength(4);
    expect(users.some((u) => 'skills' in u)).toBe(false);
  });

  it('subresource-unasked: every user carries skills and devices, asked for or not', async () => {
    const s = await withDefect('subresource-unasked');
    const users = (await s.call('GET', '/users?fields=*', { auth: KSIPPO })).body['users'] as Record<string, unknown>[];
    expect(users.every((u) => Array.isArray(u['skills']) && Array.isArray(u['devices']))).toBe(true);
    expect((await s.call('GET', '/users', { auth: KSIPPO })).body).toHaveProperty('uris');
  });

  it('fields-ignored: a field list answers every attribute', async () => {
    const s = await withDefect('fields-ignored');
    const users = (await s.call('GET', '/users?fields=id,userName', { auth: KSIPPO })).body['users'] as Record<string, unknown>[];
    expect(users.every((u) => 'lastName' in u && 'roles' in u)).toBe(true);
  });

  it('rejects an unknown defect name with a one-line error', async () => {
    await expect(startSimulator({ defects: ['bogus' as DefectMode] })).rejects.toThrow(/defect "bogus" is not one of user-missing-field/);
  });
});

import { describe, expect, it } from 'vitest';
import { loadContracts } from './load.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { JudgeOptions, ObservedResponse, Verdict } from './types.ts';

const contracts = loadContracts();
const USER_ID = '63630bbebf4840d7a0bffd6312bc29ff';
const JSON_TYPE = { 'content-type': 'application/json;charset=UTF-8' };

function observed(body: unknown, extra: Partial<ObservedResponse> = {}): ObservedResponse {
  return { httpStatus: 200, headers: JSON_TYPE, rawBody: JSON.stringify(body), body, durationMs: 12, ...extra };
}

function judge(operationId: string, response: ObservedResponse, options?: JudgeOptions): Verdict {
  return contracts.judge(contracts.operation(operationId), response, options);
}

function summary(verdict: Verdict): string[] {
  return verdict.violations.map((v) => `${v.grade} ${v.kind} ${v.keyword} ${v.pointer}`);
}

// Samples as the domain note quotes them from the GWS pages.
const IAR_USER = {
  id: USER_ID,
  userName: 'ksippo',
  firstName: 'Kristi',
  lastName: 'Sippola',
  roles: ['ROLE_AGENT'],
  enabled: true,
  changePasswordOnFirstLogin: false,
  uri: `http://127.0.0.1/cloud-web/api/v2/users/${USER_ID}`,
  path: `/users/${USER_ID}`,
};
const USERRES_USER = {
  ...IAR_USER,
  roles: ['ROLE_ADMIN'],
  password: '',
  emailAddress: 'ksippo@example.com',
  contactCenterId: '8d0b1a4e-9d6c-4d2f-a3b4-2f4a1c9e7b10',
};
const NOT_READY_DEVICE = {
  id: '74152ed8-3b9c-4a55-a4b0-0c4b0f1d9e21',
  deviceState: 'Active',
  userState: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
  phoneNumber: '5000',
  e164Number: '5000',
  telephonyNetwork: 'Private',
  doNotDisturb: 'Off',
  voiceEnvironmentUri: 'http://127.0.0.1:8080/api/v2/voice-environments/0f3c2b1a-5d4e-4f6a-8b7c-9d0e1f2a3b4c',
  capabilities: ['ForwardCallsOn'],
};
const READY = { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' };
const NOT_READY = { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' };
const CHANNELS = [
  { channel: 'chat', userState: READY },
  { channel: 'email', userState: NOT_READY },
  { channel: 'voice', phoneNumber: '3001', switchName: 'SIP_Switch', userActivity: 'Idle', userState: READY },
];
const SKILL = { id: '1b6e4d2a-7c3f-4e5a-9b8d-0f1e2d3c4b5a', name: 'Might', description: 'strength', level: '0' };

describe('judge: documented samples hold', () => {
  const cases: [string, unknown, JudgeOptions?][] = [
    ['get-diagnostics-version', { statusCode: 0, version: '8.5.200.50' }],
    ['get-me', { statusCode: 0, user: IAR_USER }],
    ['get-me', { statusCode: 0, user: USERRES_USER }],
    ['get-me', { statusCode: 0, user: { ...IAR_USER, devices: [NOT_READY_DEVICE], channels: CHANNELS } }],
    ['get-users-id', { statusCode: 0, user: { ...IAR_USER, skills: [SKILL] } }],
    ['get-me-devices', { statusCode: 0, uris: [`http://127.0.0.1:8080/api/v2/devices/${NOT_READY_DEVICE.id}`] }],
    ['get-me-devices', { statusCode: 0, devices: [NOT_READY_DEVICE] }],
    ['get-me-devices', { statusCode: 0, devices: [{ ...NOT_READY_DEVICE, userState: { state: 'LoggedIn' } }] }],
    ['get-devices-id', { statusCode: 0, device: NOT_READY_DEVICE }],
    [
      'get-me-devices',
      {
        statusCode: 0,
        devices: [
          {
            ...NOT_READY_DEVICE,
            userState: { id: 'D3663509-3D82-4DD3-A82E-2EA8EFA02AEF', displayName: 'AfterCallWork', state: 'NotReady', workMode: 'AfterCallWork' },
          },
        ],
      },
    ],
    ['get-me-channels', { statusCode: 0, channels: CHANNELS }],
    ['get-me-channels-voice', { statusCode: 0, channel: CHANNELS[2] }],
    ['get-skills', { statusCode: 0, uris: ['http://127.0.0.1:8080/api/v2/skills/123'] }],
    ['get-skills', { statusCode: 0, skills: [SKILL, { id: SKILL.id, name: 'Wisdom', level: '3' }] }],
    ['get-skills-id', { statusCode: 0, skill: SKILL }],
    ['get-users', { statusCode: 0, users: [{ id: USER_ID, userName: 'ksippo' }] }, { request: { query: { fields: 'id,userName' } } }],
    ['get-users', { statusCode: 0, users: [IAR_USER] }, { request: { query: { fields: '*' } } }],
    ['post-me', { statusCode: 0 }],
    ['post-me-channels-voice', { statusCode: 0 }],
    ['post-me', { statusCode: 7, voice: { statusCode: 0 }, chat: { statusCode: 4, statusMessage: 'Interaction Server down' } }, { expectStatusCodes: [0, 7] }],
    ['get-me', { statusCode: 20, statusMessage: 'Access denied' }, { expectStatusCodes: [20] }],
    ['get-skills', { statusCode: 5, statusMessage: 'No permission' }, { expectStatusCodes: [3, 5] }],
    ['get-me-calls', { statusCode: 0, calls: [] }],
    [
      'get-me-calls',
      {
        statusCode: 0,
        calls: [
          {
            id: '012PUFMMS0ASNAK48O7GK2LAES000004',
            state: 'Dialing',
            callUuid: '012PUFMMS0ASNAK48O7GK2LAES000004',
            deviceUri: `http://127.0.0.1:8080/api/v2/devices/${NOT_READY_DEVICE.id}`,
            participants: [{ e164Number: '15002', formattedPhoneNumber: '15002', phoneNumber: '15002', digits: '15002' }],
            callType: 'Internal',
            capabilities: ['Hangup'],
            duration: '0',
            mute: 'Off',
            supervisorListeningIn: false,
            monitoredUserMuted: false,
            monitoring: false,
            userData: { anything: 1 },
            uri: 'http://127.0.0.1:8080/api/v2/me/calls/012PUFMMS0ASNAK48O7GK2LAES000004',
            path: '/calls/012PUFMMS0ASNAK48O7GK2LAES000004',
          },
        ],
      },
    ],
  ];
  it.each(cases)('%s %j', (operationId, body, options) => {
    const verdict = judge(operationId, observed(body), options);
    expect(summary(verdict)).toEqual([]);
    expect(verdict).toMatchObject({ ok: true, outcome: 'success' });
  });

  it('accepts an error answered with a documented HTTP status in strict HTTP mode', () => {
    const denied = { statusCode: 20, statusMessage: 'Access denied' };
    for (const httpStatus of [401, 403]) {
      expect(judge('get-me', observed(denied, { httpStatus }), { expectStatusCodes: [20], httpStatusStrict: true }).ok).toBe(true);
    }
  });
});

describe('judge: envelope rules are breaking', () => {
  const cases: [string, unknown, string][] = [
    ['statusCode a string', { statusCode: '0', user: IAR_USER }, 'breaking envelope type /statusCode'],
    ['statusCode not an integer', { statusCode: 0.5 }, 'breaking envelope type /statusCode'],
    ['statusCode missing', { user: IAR_USER }, 'breaking envelope required /statusCode'],
    ['body not an object', [IAR_USER], 'breaking envelope type '],
    ['statusMessage on success', { statusCode: 0, statusMessage: 'OK', user: IAR_USER }, 'breaking envelope not /statusMessage'],
    ['error without statusMessage', { statusCode: 4 }, 'breaking envelope required /statusMessage'],
    ['error with an empty statusMessage', { statusCode: 4, statusMessage: '' }, 'breaking envelope minLength /statusMessage'],
    ['error with a non-string statusMessage', { statusCode: 4, statusMessage: 4 }, 'breaking envelope type /statusMessage'],
    ['error with an extra attribute', { statusCode: 4, statusMessage: 'x', details: 'y' }, 'breaking envelope additionalProperties /details'],
  ];
  it.each(cases)('%s', (_name, body, expected) => {
    const verdict = judge('get-me', observed(body), { expectStatusCodes: 'any' });
    expect(summary(verdict)).toEqual([expected]);
    expect(verdict.ok).toBe(false);
    expect(verdict.outcome).toBe('schema_violation');
  });

  it('names the rule in the message', () => {
    const [violation] = judge('get-me', observed({ statusCode: 4, statusMessage: 'x', details: 'y' }), { expectStatusCodes: 'any' }).violations;
    expect(violation?.message).toBe(
      'response body /details: attribute not allowed: this shape is exact (an error (statusCode 1-20) is exactly {statusCode, statusMessage} [RV852])',
    );
  });
});

describe('judge: resource drift is graded by keyword and annotation', () => {
  it('a wrong type is breaking, with a readable message', () => {
    const verdict = judge('get-me', observed({ statusCode: 0, user: { ...IAR_USER, id: 42 } }));
    expect(verdict.violations).toEqual([
      {
        kind: 'schema',
        pointer: '/user/id',
        keyword: 'type',
        message: 'response body /user/id: must be string',
        grade: 'breaking',
        schemaLocation: `${SCHEMA_BASE}common/user-id.json#/type`,
      },
    ]);
    expect(verdict).toMatchObject({ ok: false, outcome: 'schema_violation', statusCode: 0 });
  });

  it('a missing required attribute, a bad pattern, format or closed enum are breaking', () => {
    const noUri: Partial<typeof IAR_USER> = { ...IAR_USER };
    delete noUri.uri;
    expect(summary(judge('get-me', observed({ statusCode: 0, user: noUri })))).toEqual(['breaking schema required /user/uri']);
    expect(summary(judge('get-me', observed({ statusCode: 0, user: { ...IAR_USER, id: 'ABC' } })))).toEqual([
      'breaking schema pattern /user/id',
    ]);
    expect(summary(judge('get-me', observed({ statusCode: 0, user: { ...IAR_USER, uri: '/users/x' } }))).sort()).toEqual([
      'breaking schema format /user/uri',
      'breaking schema pattern /user/uri',
    ]);
    expect(summary(judge('get-me', observed({ statusCode: 0, user: { ...IAR_USER, path: '/me' } })))).toEqual([
      'breaking schema pattern /user/path',
    ]);
    const device = { ...NOT_READY_DEVICE, deviceState: 'Busy' };
    expect(summary(judge('get-me-devices', observed({ statusCode: 0, devices: [device] })))).toEqual([
      'breaking schema enum /devices/0/deviceState',
    ]);
    expect(summary(judge('get-skills', observed({ statusCode: 0, skills: [{ ...SKILL, level: 0 }] })))).toEqual([
      'breaking schema type /skills/0/level',
    ]);
    expect(summary(judge('get-me-devices', observed({ statusCode: 0, uris: ['devices/abc'] }))).sort()).toEqual([
      'breaking schema format /uris/0',
      'breaking schema pattern /uris/0',
    ]);
  });

  it('an unknown attribute on a resource is additive: ok, reported, and fails only in strict mode', () => {
    const body = { statusCode: 0, user: { ...IAR_USER, nickname: 'kris' } };
    const verdict = judge('get-me', observed(body));
    expect(verdict.violations).toEqual([
      {
        kind: 'schema',
        pointer: '/user/nickname',
        keyword: 'additionalProperties',
        message: 'response body /user/nickname: attribute not in the schema (additive drift)',
        grade: 'additive',
        schemaLocation: `${SCHEMA_BASE}common/user.json#/additionalProperties`,
      },
    ]);
    expect(verdict).toMatchObject({ ok: true, outcome: 'success' });
    expect(judge('get-me', observed(body), { strict: true })).toMatchObject({ ok: false, outcome: 'schema_violation' });
  });

  it('a new value of an open enum is additive, a non-string there is breaking', () => {
    const role = judge('get-me', observed({ statusCode: 0, user: { ...IAR_USER, roles: ['ROLE_AGENT', 'ROLE_AUDITOR'] } }));
    expect(summary(role)).toEqual(['additive schema enum /user/roles/1']);
    expect(role.violations[0]?.message).toContain('new value "ROLE_AUDITOR" in an open list');
    expect(role.ok).toBe(true);
    const state = { ...NOT_READY_DEVICE, userState: { state: 'Busy' }, capabilities: ['Transfer'] };
    expect(summary(judge('get-me-devices', observed({ statusCode: 0, devices: [state] })))).toEqual([
      'additive schema enum /devices/0/userState/state',
      'additive schema enum /devices/0/capabilities/0',
    ]);
    const typed = judge('get-me', observed({ statusCode: 0, user: { ...IAR_USER, roles: [5] } }));
    expect(summary(typed)).toEqual(['breaking schema type /user/roles/0', 'additive schema enum /user/roles/0']);
    expect(typed.ok).toBe(false);
  });

  it('an unknown attribute on an exact shape is breaking: the ack, the top level of a response', () => {
    expect(summary(judge('post-me-channels-voice', observed({ statusCode: 0, state: 'Ready' })))).toEqual([
      'breaking schema additionalProperties /state',
    ]);
    expect(summary(judge('get-me', observed({ statusCode: 0, user: IAR_USER, extra: true })))).toEqual([
      'breaking schema additionalProperties /extra',
    ]);
    expect(summary(judge('get-me-devices', observed({ statusCode: 0, uris: [], totalCount: 0 })))).toEqual([
      'breaking schema additionalProperties /totalCount',
    ]);
  });

  it('an operation that answers with state instead of the ack breaks the async rule', () => {
    const verdict = judge('post-me-channels-voice', observed({ statusCode: 0, userState: READY }));
    expect(verdict.ok).toBe(false);
  });

  it('a field list makes unrequested attributes optional, but not the ones asked for', () => {
    const partial = { statusCode: 0, users: [{ id: USER_ID }] };
    const request = { query: { fields: 'id,userName' } };
    expect(summary(judge('get-users', observed(partial), { request }))).toEqual(['breaking schema required /users/0/userName']);
    expect(judge('get-users', observed({ statusCode: 0, users: [{ id: USER_ID, userName: 'k' }] }), { request }).ok).toBe(true);
    // Without a request the operation's example (a field list for get-users) is what was sent.
    expect(judge('get-users', observed({ statusCode: 0, users: [{ id: USER_ID, userName: 'k' }] })).ok).toBe(true);
    const all = { request: { query: { fields: '*' } } };
    expect(judge('get-users', observed({ statusCode: 0, users: [{ id: USER_ID, userName: 'k' }] }), all).ok).toBe(false);
    expect(summary(judge('get-users', observed({ statusCode: 0, users: [{ id: 7, userName: 'k' }] }), { request }))).toEqual([
      'breaking schema type /users/0/id',
    ]);
  });

  it('a success without the singular wrapper is breaking', () => {
    expect(summary(judge('get-me', observed({ statusCode: 0 })))).toEqual(['breaking schema required /user']);
    expect(summary(judge('get-me', observed({ statusCode: 0, ...IAR_USER })))).toContain('breaking schema required /user');
  });
});

describe('judge: statusCode, HTTP status, latency and transport', () => {
  it('requires success by default and names the statusCode and message', () => {
    const verdict = judge('get-me', observed({ statusCode: 4, statusMessage: 'Cassandra unavailable' }, { httpStatus: 500 }));
    expect(verdict).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 4 });
    expect(verdict.violations.map((v) => v.message)).toEqual(['statusCode 4 ("Cassandra unavailable"), expected 0']);
  });

  it('flags a statusCode the operation does not answer even when any is accepted', () => {
    const verdict = judge('get-me', observed({ statusCode: 18, statusMessage: 'exists' }), { expectStatusCodes: 'any' });
    expect(verdict.outcome).toBe('status_code_error');
    expect(verdict.violations[0]?.message).toMatch(/^statusCode 18 \("exists"\) is not one GET \/me answers \(0, /);
  });

  it('classifies every non-zero statusCode in HTTP 200 as status_code_error, one outside the 0-20 table too', () => {
    for (const statusCode of [4, 20, 21, 99, -1]) {
      const verdict = judge('get-me', observed({ statusCode, statusMessage: 'x' }, { httpStatus: 200 }));
      expect(verdict, String(statusCode)).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode });
      expect(verdict.violations.map((v) => v.message)).toContain(`statusCode ${statusCode} ("x"), expected 0`);
    }
    // Outside the table it also breaks the envelope, reported beside the status-code error.
    expect(summary(judge('get-me', observed({ statusCode: 21, statusMessage: 'x' })))).toEqual([
      'breaking envelope maximum /statusCode',
      'breaking status-code statusCode ',
    ]);
    const anyCode = judge('get-me', observed({ statusCode: -1, statusMessage: 'x' }), { expectStatusCodes: 'any' });
    expect(summary(anyCode)).toEqual(['breaking envelope minimum /statusCode', 'breaking status-code statusCode ']);
    expect(anyCode.outcome).toBe('status_code_error');
  });

  it('flags a success body on an error HTTP status, and errors off the table in strict HTTP mode', () => {
    expect(judge('get-me', observed({ statusCode: 0, user: IAR_USER }, { httpStatus: 500 }))).toMatchObject({
      ok: false,
      outcome: 'status_code_error',
    });
    const notFound = observed({ statusCode: 6, statusMessage: 'not found' }, { httpStatus: 200 });
    expect(judge('get-users-id', notFound, { expectStatusCodes: [6] }).ok).toBe(true);
    const strict = judge('get-users-id', notFound, { expectStatusCodes: [6], httpStatusStrict: true });
    expect(strict.violations.map((v) => v.message)).toEqual(['HTTP 200 with statusCode 6, expected 404']);
    expect(strict.outcome).toBe('status_code_error');
  });

  it('fails a slow answer with the figure in the message', () => {
    const verdict = judge('get-me', observed({ statusCode: 0, user: IAR_USER }, { durationMs: 1534.4 }));
    expect(verdict).toMatchObject({ ok: false, outcome: 'slow' });
    expect(verdict.violations).toEqual([
      { kind: 'latency', pointer: '', keyword: 'latency', message: 'took 1534 ms, budget 1000 ms', grade: 'breaking' },
    ]);
    expect(judge('get-me', observed({ statusCode: 0, user: IAR_USER }, { durationMs: 1534 }), { latencyBudgetMs: 2000 }).ok).toBe(true);
    expect(judge('get-me', observed({ statusCode: 0, user: IAR_USER }, { durationMs: 300 }), { latencyBudgetMs: 250 }).outcome).toBe('slow');
  });

  it('classifies an HTML error page as an HTTP error', () => {
    const html = '<html><body><h1>500 Internal Server Error</h1></body></html>';
    const verdict = judge('get-me', { httpStatus: 500, headers: { 'content-type': 'text/html' }, rawBody: html, body: undefined, durationMs: 5 });
    expect(verdict).toMatchObject({ ok: false, outcome: 'http_error', statusCode: null });
    expect(verdict.violations.map((v) => v.message)).toEqual([
      'Content-Type is "text/html", expected application/json',
      'response body is not JSON: "<html><body><h1>500 Internal Server Error</h1></body></html>"',
    ]);
  });

  it('classifies a wrong content type on a valid body as an HTTP error', () => {
    for (const type of ['text/plain', 'application/jsonp', 'application/problem+json']) {
      const verdict = judge('get-me', observed({ statusCode: 0, user: IAR_USER }, { headers: { 'content-type': type } }));
      expect(verdict, type).toMatchObject({ ok: false, outcome: 'http_error' });
    }
    expect(judge('get-me', observed({ statusCode: 0, user: IAR_USER }, { headers: {} })).outcome).toBe('http_error');
    expect(judge('get-me', observed({ statusCode: 0, user: IAR_USER }, { headers: { 'content-type': 'Application/JSON; charset=utf-8' } })).ok).toBe(true);
  });

  it('classifies a body that is not JSON, an empty body and a 5xx without envelope as HTTP errors', () => {
    const notJson = { httpStatus: 200, headers: JSON_TYPE, rawBody: '{"statusCode":0,', body: undefined, durationMs: 3 };
    expect(judge('get-me', notJson)).toMatchObject({ ok: false, outcome: 'http_error' });
    expect(judge('get-me', { ...notJson, rawBody: '' }).violations.at(-1)?.message).toBe('response body is empty, expected JSON');
    expect(judge('get-me', observed({ error: 'Service Unavailable' }, { httpStatus: 503 })).outcome).toBe('http_error');
    expect(judge('get-me', observed({ error: 'x' }, { httpStatus: 200 })).outcome).toBe('schema_violation');
  });

  it('parses rawBody when the caller did not', () => {
    const raw = JSON.stringify({ statusCode: 0, user: IAR_USER });
    expect(judge('get-me', { httpStatus: 200, headers: JSON_TYPE, rawBody: raw, body: undefined, durationMs: 1 }).ok).toBe(true);
  });

  it('never throws, whatever the body', () => {
    const bodies: unknown[] = [null, 0, 'x', true, [], {}, { statusCode: null }, { statusCode: 0, user: null }, { statusCode: 0, user: [] },
      { statusCode: 0, devices: 'x' }, { statusCode: 0, uris: [null, 1, {}] }, { statusCode: 7 }, { statusCode: 1e300 }, { statusCode: 0, user: { roles: {} } }];
    for (const op of contracts.catalog) {
      for (const body of bodies) {
        const verdict = judge(op.id, observed(body), { expectStatusCodes: 'any' });
        expect(['success', 'slow', 'schema_violation', 'status_code_error', 'http_error']).toContain(verdict.outcome);
      }
    }
  });
});

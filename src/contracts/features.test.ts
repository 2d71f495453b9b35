import { describe, expect, it } from 'vitest';
import { CATALOG, UNCONFIRMED } from './catalog.ts';
import { API_MULTIMEDIA, API_SUPERVISOR_AGENT_CONTROL, API_SUPERVISOR_MONITORING, API_VOICE, API_VOICE_RECORDING, catalogFeatures, featuresFor, featuresNeeded } from './features.ts';
import { contractSources } from './description.ts';
import { loadContracts } from './load.ts';

const contracts = loadContracts();
const op = (id: string) => contracts.operation(id);
const byId = (id: string) => CATALOG.find((o) => o.id === id);

describe('required features of the catalog', () => {
  it('names only the features the pages name', () => {
    expect(catalogFeatures(CATALOG)).toEqual([API_MULTIMEDIA, API_SUPERVISOR_AGENT_CONTROL, API_SUPERVISOR_MONITORING, API_VOICE, API_VOICE_RECORDING].sort());
    for (const operation of CATALOG) {
      expect(Object.isFrozen(operation.requiredFeatures), operation.id).toBe(true);
      expect(new Set(operation.requiredFeatures).size, operation.id).toBe(operation.requiredFeatures.length);
    }
  });

  it('records each page\'s features: voice, supervisor control, multimedia, and none for the Customer Chat API', () => {
    expect(op('post-me').requiredFeatures).toEqual([API_VOICE]);
    expect(op('post-me-channels-voice').requiredFeatures).toEqual([API_VOICE]);
    expect(op('post-me-devices-id-calls').requiredFeatures).toEqual([API_VOICE]);
    expect(op('post-users-id-channels-channel').requiredFeatures).toEqual([API_SUPERVISOR_AGENT_CONTROL]);
    for (const operation of CATALOG.filter((o) => o.tags.includes('multimedia'))) {
      expect(operation.requiredFeatures, operation.id).toEqual(operation.tags.includes('customer') ? [] : [API_MULTIMEDIA]);
    }
    for (const id of ['post-me-channels-chat', 'post-me-channels-email']) expect(op(id).requiredFeatures).toEqual([API_MULTIMEDIA]);
  });

  it('gives the reads of Voice resources api-voice, and the reads of users, skills and features none', () => {
    for (const id of ['get-me-devices', 'get-devices', 'get-devices-id', 'get-users-id-devices', 'get-me-devices-id', 'get-me-calls', 'get-me-calls-id', 'get-me-channels-voice']) {
      expect(op(id).requiredFeatures, id).toEqual([API_VOICE]);
    }
    for (const id of ['get-diagnostics-version', 'get-me', 'get-me-channels', 'get-users', 'get-users-id', 'get-users-id-skills', 'get-skills', 'get-skills-id', 'get-me-skills', 'get-users-id-skills-skillid', 'get-features', 'get-features-id', 'get-system-features']) {
      expect(op(id).requiredFeatures, id).toEqual([]);
    }
  });

  it('names the operations of a shared path whose own pages need more: monitoring and recording', () => {
    const device = op('post-me-devices-id');
    expect(featuresFor(device)).toEqual([API_VOICE]);
    expect(featuresFor(device, 'DoNotDisturbOn')).toEqual([API_VOICE]);
    for (const name of ['ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring']) expect(featuresFor(device, name), name).toEqual([API_VOICE, API_SUPERVISOR_MONITORING]);
    const call = op('post-me-calls-id');
    expect(featuresFor(call, 'Hold')).toEqual([API_VOICE]);
    for (const name of ['StartCallRecording', 'StopCallRecording', 'PauseCallRecording', 'ResumeCallRecording']) expect(featuresFor(call, name), name).toEqual([API_VOICE_RECORDING]);
    expect(featuresFor(call, 'constructor')).toEqual([API_VOICE]);
    expect(Object.isFrozen(device.operationFeatures)).toBe(true);
  });

  it('adds the features of the reads a path parameter comes from', () => {
    expect(featuresNeeded(op('get-chats-id'), byId)).toEqual([API_MULTIMEDIA]);
    expect(featuresNeeded(op('post-chats-id'), byId)).toEqual([API_MULTIMEDIA]);
    expect(featuresNeeded(op('post-chats'), byId)).toEqual([]);
    expect(featuresNeeded(op('get-users-id'), byId)).toEqual([]);
    expect(featuresNeeded(op('post-me-calls-id'), byId, 'PauseCallRecording')).toEqual([API_VOICE, API_VOICE_RECORDING]);
    expect(featuresNeeded(op('get-features-id'), byId)).toEqual([]);
    expect(featuresNeeded(op('get-devices-id'), () => undefined)).toEqual([API_VOICE]);
  });
});

describe('the feature reads', () => {
  it('are UNCONFIRMED in shape, cite the Features page, and read one feature by an id GET /features lists', () => {
    for (const id of ['get-features', 'get-features-id', 'get-system-features']) {
      expect(op(id).tags, id).toEqual(expect.arrayContaining(['features', UNCONFIRMED, 'read-only']));
      expect(op(id).summary, id).toContain('[FEATURES]');
    }
    expect(op('get-features').identity).toBe('user');
    expect(op('get-features').example).toEqual({ query: { fields: '*' } });
    expect(op('get-features-id').paramSources).toEqual({ id: { operation: 'get-features', pointer: '/features/0/id', take: 'value' } });
    expect(op('get-features-id').statusCodes).toContain(6);
    expect(op('get-system-features').identity).toBe('admin');
  });

  it('hold the URIs, the features with fields=* and one feature in its wrapper; a feature needs only a string id', () => {
    const list = op('get-features').responseSchema;
    expect(contracts.validate(list, { statusCode: 0, uris: ['http://gws:8080/api/v2/features/api-voice'] })).toEqual([]);
    expect(contracts.validate(list, { statusCode: 0, features: [{ id: 'api-voice' }, { id: 'api-multimedia', displayName: 'Multimedia', settings: {} }] })).toEqual([]);
    expect(contracts.validate(list, { statusCode: 0, features: [] })).toEqual([]);
    const broken = contracts.validate(list, { statusCode: 0, features: [{ name: 'api-voice' }, { id: '' }, { id: 7 }] });
    expect(broken.map((v) => `${v.pointer} ${v.keyword} ${v.grade}`)).toEqual(['/features/0/id required breaking', '/features/1/id minLength breaking', '/features/2/id type breaking']);
    expect(contracts.validate(list, { statusCode: 0, uris: ['http://gws:8080/api/v2/skills/x'] }).map((v) => v.keyword)).toEqual(['pattern']);
    expect(contracts.validate(list, { statusCode: 0, features: [], extra: 1 }).map((v) => v.grade)).toEqual(['breaking']);
    const one = op('get-features-id').responseSchema;
    expect(contracts.validate(one, { statusCode: 0, feature: { id: 'api-voice' } })).toEqual([]);
    expect(contracts.validate(one, { statusCode: 6, statusMessage: 'Feature api-x not found' })).toEqual([]);
    expect(contracts.validate(one, { statusCode: 0, features: [{ id: 'api-voice' }] })).not.toEqual([]);
    const system = op('get-system-features').responseSchema;
    expect(contracts.validate(system, { statusCode: 0, features: [{ id: 'api-voice' }] })).toEqual([]);
    expect(contracts.validate(system, { statusCode: 0, uris: ['http://gws:8080/api/v2/system/features/api-voice'] })).toEqual([]);
  });

  it('carry an example that lists every feature the catalog names, so that a mock made from the schemas has them all', () => {
    const { schemas } = contractSources();
    for (const id of ['get-features', 'get-system-features']) {
      const schema = schemas.get(op(id).responseSchema) as { then: { else: { properties: { features: { examples: { id: string }[][] } } } } };
      const [example] = schema.then.else.properties.features.examples;
      expect(example?.map((f) => f.id).sort(), id).toEqual(catalogFeatures(CATALOG));
      expect(contracts.validate(op(id).responseSchema, { statusCode: 0, features: example }), id).toEqual([]);
    }
  });

  it('leave out a feature a field list does not ask for', () => {
    const verdict = contracts.judge(op('get-features'), {
      httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody: '', body: { statusCode: 0, features: [{}] }, durationMs: 1,
    }, { request: { query: { fields: 'displayName' } } });
    expect(verdict.violations).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { loadContracts, MissingParamError, resolveParams } from '../contracts/index.ts';
import { describeAnswer, inapplicableAnswer, inapplicableFeature, inapplicableParam, isNotFound, missingFeatures, notAMember } from './applicability.ts';

const contracts = loadContracts();
const op = (id: string) => contracts.operation(id);
const NO_PERMISSION = { httpStatus: 403, statusCode: 5, statusMessage: 'User does not have permission to perform this operation' };
const NOT_FOUND = { httpStatus: 404, statusCode: 6, statusMessage: 'No resource at /me/skills' };

describe('what a failed answer says about whether a probe applies', () => {
  it('an admin-only operation refused for lack of a role (statusCode 3 or 5) does not apply', () => {
    expect(inapplicableAnswer(op('get-skills'), NO_PERMISSION, false)).toBe(
      'the admin identity lacks the role for GET /skills: statusCode 5 ("User does not have permission to perform this operation")',
    );
    expect(inapplicableAnswer(op('get-devices'), { httpStatus: 403, statusCode: 3 }, true)).toMatch(/^the admin identity lacks the role for GET \/devices: statusCode 3$/);
  });

  it('a refusal of an operation the probe user runs, or any other error of an admin-only one, is a failure', () => {
    expect(inapplicableAnswer(op('get-users'), NO_PERMISSION, false)).toBeUndefined();
    expect(inapplicableAnswer(op('get-skills'), { httpStatus: 503, statusCode: 4 }, false)).toBeUndefined();
    expect(inapplicableAnswer(op('get-skills'), { httpStatus: 403, statusCode: 20 }, false)).toBeUndefined();
  });

  it('an unconfirmed endpoint the server does not have (HTTP 404 or statusCode 6) does not apply, unless strict', () => {
    expect(inapplicableAnswer(op('get-me-skills'), NOT_FOUND, false)).toBe(
      'the server does not have GET /me/skills, an endpoint the GWS documentation does not describe: statusCode 6 ("No resource at /me/skills")',
    );
    // A servlet container's own 404 page carries no envelope.
    expect(inapplicableAnswer(op('get-me-skills'), { httpStatus: 404, statusCode: null }, false)).toMatch(/: HTTP 404$/);
    expect(inapplicableAnswer(op('get-me-skills'), NOT_FOUND, true)).toBeUndefined();
  });

  it('"not found" from a documented endpoint is a failure', () => {
    expect(inapplicableAnswer(op('get-me'), NOT_FOUND, false)).toBeUndefined();
    expect(inapplicableAnswer(op('get-me-devices-id'), NOT_FOUND, false)).toBeUndefined();
  });

  it('an unconfirmed endpoint that answers anything but "not found" fails as usual', () => {
    expect(inapplicableAnswer(op('get-me-skills'), { httpStatus: 503, statusCode: 4 }, false)).toBeUndefined();
    expect(inapplicableAnswer(op('get-me-skills'), { httpStatus: 200, statusCode: 0 }, false)).toBeUndefined();
  });

  it('tells not found by HTTP 404 or statusCode 6, and describes the answer in one line', () => {
    expect(isNotFound({ httpStatus: 200, statusCode: 6 })).toBe(true);
    expect(isNotFound({ httpStatus: 404, statusCode: null })).toBe(true);
    expect(isNotFound({ httpStatus: 500, statusCode: 4 })).toBe(false);
    expect(describeAnswer({ httpStatus: 404, statusCode: 6, statusMessage: 'x'.repeat(500) })).toHaveLength('statusCode 6 ("")'.length + 120);
  });

  it('names what the probe user lacks for a memberOf read', () => {
    expect(notAMember(op('get-me-channels-voice'))).toBe('the probe user has no voice channel: get-me-channels lists none');
    expect(notAMember(op('get-me'))).toBeUndefined();
  });
});

describe('what an unresolvable parameter says about whether a probe applies', () => {
  const missing = async (id: string, body: unknown): Promise<MissingParamError> => {
    const error: unknown = await resolveParams(op(id), () => Promise.resolve(body)).catch((e: unknown) => e);
    if (!(error instanceof MissingParamError)) throw new Error(`expected a MissingParamError, got ${String(error)}`);
    return error;
  };

  it('an empty list (a user with no device, an estate with no skill) leaves nothing to probe', async () => {
    expect(inapplicableParam(await missing('get-devices-id', { statusCode: 0, devices: [] }))).toBe(
      'no {id} to probe: get-me-devices lists none (nothing at /devices/0/id)',
    );
    expect(inapplicableParam(await missing('get-skills-id', { statusCode: 0, skills: [] }))).toMatch(/^no \{id\} to probe: get-skills lists none/);
  });

  it('a list whose item lacks the value, or an answer without the list, is broken, not empty', async () => {
    expect(inapplicableParam(await missing('get-devices-id', { statusCode: 0, devices: [{ phoneNumber: '5000' }] }))).toBeUndefined();
    expect(inapplicableParam(await missing('get-devices-id', { statusCode: 0 }))).toBeUndefined();
    expect(inapplicableParam(await missing('get-users-id', { statusCode: 0, user: {} }))).toBeUndefined();
  });
});

describe('what the target\'s features say about whether a probe applies', () => {
  const VOICE_ONLY = new Set(['api-voice']);

  it('a probe of an operation whose required feature the target does not list does not apply, naming the feature', () => {
    expect(inapplicableFeature(op('get-me-chats'), VOICE_ONLY)).toBe(
      'the target does not enable feature api-multimedia (not listed by GET /features), which GET /me/chats requires',
    );
    expect(inapplicableFeature(op('get-me-calls'), new Set(['api-multimedia']))).toBe(
      'the target does not enable feature api-voice (not listed by GET /features), which GET /me/calls requires',
    );
    const both = { ...op('get-me-calls'), requiredFeatures: ['api-voice', 'api-voice-recording'] };
    expect(inapplicableFeature(both, new Set())).toBe(
      'the target does not enable features api-voice, api-voice-recording (not listed by GET /features), which GET /me/calls requires',
    );
  });

  it('an operation read first (a source of the path, a memberOf collection) needs its features too', () => {
    const source = { ...op('get-me-devices'), requiredFeatures: ['api-multimedia'] };
    expect(inapplicableFeature(op('get-devices-id'), VOICE_ONLY, [source])).toBe(
      'the target does not enable feature api-multimedia (not listed by GET /features), which get-me-devices requires (read first for GET /devices/{id})',
    );
    expect(inapplicableFeature(op('get-devices-id'), VOICE_ONLY, [op('get-me-devices')])).toBeUndefined();
  });

  it('applies when every feature is listed, when the operation needs none, and while the features are unknown', () => {
    expect(inapplicableFeature(op('get-me-calls'), VOICE_ONLY)).toBeUndefined();
    expect(inapplicableFeature(op('get-me'), new Set())).toBeUndefined();
    // Not read yet, the read failed from the start, or an older GWS without GET /features.
    expect(inapplicableFeature(op('get-me-chats'), undefined)).toBeUndefined();
    expect(missingFeatures(['api-voice', 'api-multimedia'], undefined)).toEqual([]);
    expect(missingFeatures(['api-voice', 'api-multimedia'], VOICE_ONLY)).toEqual(['api-multimedia']);
  });
});

import { describe, expect, test } from 'vitest';
import type { GateRunContext } from '../context.ts';
import type { Exchange } from './http.ts';
import { sentRequest } from './sent.ts';

const context: GateRunContext = {
  target: {
    baseUrl: 'http://gws/api/v2',
    user: { username: 'agent1', password: 'a' },
    admin: { username: 'root', password: 'b' },
    supervisor: { username: 'boss', password: 'c' },
  },
  timeoutMs: 1000,
  httpStatusStrict: false,
  asyncDeadlineMs: 1000,
};

function sentBy(login: string | undefined): Exchange {
  return {
    request: { method: 'POST', path: '/me/devices/d1' },
    response: { httpStatus: 200, headers: {}, rawBody: '{"statusCode":0}', body: { statusCode: 0 }, durationMs: 3 },
    sent: { method: 'POST', url: 'http://gws/api/v2/me/devices/d1', headers: { Authorization: 'Basic ***' }, body: '{"operationName":"ListenIn"}' },
    ...(login === undefined ? {} : { sentAs: login }),
  };
}

describe('sentRequest', () => {
  test('a reproduction takes the password of the session that sent the request from its own variable', () => {
    const variable = (login: string | undefined) => sentRequest(context, 'user', sentBy(login), undefined).credentials?.passwordVariable;
    expect(variable('agent1')).toBe('GWS_PASSWORD');
    expect(variable('root')).toBe('GWS_ADMIN_PASSWORD');
    expect(variable('boss')).toBe('GWS_SUPERVISOR_PASSWORD');
    expect(variable(undefined)).toBe('GWS_PASSWORD');
  });

  test('a login shared by the agent and the supervisor is the agent\'s', () => {
    const shared = { ...context, target: { ...context.target, supervisor: { username: 'agent1', password: 'a' } } };
    expect(sentRequest(shared, 'user', sentBy('agent1'), undefined).credentials).toEqual({ username: 'agent1', passwordVariable: 'GWS_PASSWORD' });
  });
});

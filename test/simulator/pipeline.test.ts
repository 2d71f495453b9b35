import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../src/simulator/envelope.ts';
import { errors } from '../../src/simulator/errors.ts';
import { DEFAULT_PIPELINE } from '../../src/simulator/pipeline/index.ts';
import type { Pipeline } from '../../src/simulator/pipeline/types.ts';
import type { Resource } from '../../src/simulator/resources/types.ts';
import { expectEnvelopeError, KSIPPO, KSIPPO_ID, startSimulator, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('pipeline parts replaced through buildSimulator({ pipeline })', () => {
  it('authenticate: a replacement decides who the caller is', async () => {
    const asKsippo: Pipeline['authenticate'] = (_request, core) => {
      const user = core.center().users.get(KSIPPO_ID);
      return user === undefined ? errors.accessDenied(403) : { user, session: core.sessions.create(KSIPPO_ID), newSession: true };
    };
    h = await startSimulator({ pipeline: { authenticate: asKsippo } });
    const me = await h.call('GET', '/me');
    expect((me.body['user'] as Record<string, unknown>)['userName']).toBe('ksippo');
  });

  it('resources: a calls model plugs in with the resource-handler interface; the other resources stay', async () => {
    const seen: string[] = [];
    const calls: Resource = {
      routes: [
        {
          pattern: '/me/calls',
          access: 'user',
          get: (request, center) => {
            seen.push(`${request.user.fixture.userName}/${String(center.users.has(request.user.fixture.id))}`);
            return ok({ calls: [{ id: 'c1', state: 'Established' }] });
          },
        },
        { pattern: '/me/calls/:id', access: 'user', get: (request) => errors.notFound(`Call ${request.params['id'] ?? ''}`) },
      ],
    };
    h = await startSimulator({ pipeline: { resources: { calls } } });
    expect((await h.call('GET', '/me/calls', { auth: KSIPPO })).body).toEqual({ statusCode: 0, calls: [{ id: 'c1', state: 'Established' }] });
    expect(seen).toEqual(['ksippo/true']);
    expectEnvelopeError(await h.call('GET', '/me/calls/c9', { auth: KSIPPO }), 6);
    expect((await h.call('GET', '/me/devices', { auth: KSIPPO })).body['statusCode']).toBe(0);
  });

  it('faults, rewrite and envelope: replacements run in place of the defaults', async () => {
    const order: string[] = [];
    h = await startSimulator({
      pipeline: {
        faults: (path, method, core) => {
          order.push(`faults ${method} ${path}`);
          return DEFAULT_PIPELINE.faults(path, method, core);
        },
        rewrite: (reply) => {
          order.push('rewrite');
          return { ...reply, body: { ...reply.body, rewritten: true } };
        },
        envelope: (reply, context, core) => {
          order.push('envelope');
          const wire = DEFAULT_PIPELINE.envelope(reply, context, core);
          return { ...wire, headers: { ...wire.headers, 'X-Envelope': 'custom' } };
        },
      },
    });
    const a = await h.call('GET', '/diagnostics/version');
    expect(a.body).toMatchObject({ statusCode: 0, rewritten: true });
    expect(a.headers.get('x-envelope')).toBe('custom');
    expect(order).toEqual(['faults GET /diagnostics/version', 'rewrite', 'envelope']);
  });

  it('route: a replacement router sees every API path below the prefix', async () => {
    const paths: string[] = [];
    h = await startSimulator({
      pipeline: {
        route: (path, routes) => {
          paths.push(path);
          return DEFAULT_PIPELINE.route(path === '/whoami' ? '/me' : path, routes);
        },
      },
    });
    expect((await h.call('GET', '/whoami', { auth: KSIPPO })).body).toHaveProperty('user');
    expect(paths).toEqual(['/whoami']);
  });
});

import { describe, expect, it } from 'vitest';
import { BENCH_ROOT as ROOT, modelBench } from '../test-bench.ts';
import { createOpenmediaModel, renderOpenmediaNotification, type OpenmediaDefect } from './index.ts';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const QUEUE = 'http://localhost:8090/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d';
const RECEIVED_AT = Date.UTC(2014, 2, 26, 14, 2, 22);
const PROCESSING = ['Transfer', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'Complete'];

/** An open-media model whose scheduler runs on `flush()`; A and B are users. */
function harness(defects: readonly OpenmediaDefect[] = []) {
  const { scheduler, publish, published, flush, received } = modelBench(renderOpenmediaNotification, 'https://gwscheck.dev/schemas/notifications/openmedia-state-change.json');
  const model = createOpenmediaModel({
    isUser: (userId) => userId === A || userId === B,
    scheduler,
    publish,
    defects: { has: (defect) => defects.includes(defect) },
    clock: { now: () => RECEIVED_AT },
  });
  const op = (userId: string, id: string, body: Record<string, unknown>, mediaType = 'workitem') => {
    const answer = model.operate(userId, mediaType, id, body);
    flush();
    return answer;
  };
  /** An inbound item offered to `userId`; its id. */
  const offered = (userId = A, mediaType = 'workitem', userData?: Record<string, unknown>): string => {
    const id = model.deliver(userId, mediaType, userData);
    flush();
    received(userId);
    return id;
  };
  /** An inbound item offered to A and accepted. */
  const processing = (userData?: Record<string, unknown>): string => {
    const id = offered(A, 'workitem', userData);
    expect(op(A, id, { operationName: 'Accept' })).toMatchObject({ statusCode: 0 });
    received(A);
    return id;
  };
  const itemOf = (message: { data: Record<string, unknown> } | undefined) => message?.data['openmedia'] as Record<string, unknown> & { id: string; state: string; capabilities: string[] };
  return { model, flush, published, received, op, offered, processing, itemOf };
}

describe('Create', () => {
  it('is checked at once: operationName Create and queueUri are required', () => {
    const { model, flush, published } = harness();
    expect(model.create(A, 'workitem', {})).toEqual({ statusCode: 1, statusMessage: 'operationName is missing' });
    expect(model.create(A, 'workitem', { operationName: 'Open', queueUri: QUEUE })).toMatchObject({ statusCode: 2 });
    expect(model.create(A, 'workitem', { operationName: 'Create' })).toEqual({ statusCode: 1, statusMessage: 'queueUri is missing' });
    expect(model.create(A, 'workitem', { operationName: 'Create', queueUri: 3 })).toMatchObject({ statusCode: 10 });
    expect(model.create(A, 'workitem', { operationName: 'Create', queueUri: QUEUE, userData: 'x' })).toMatchObject({ statusCode: 10 });
    flush();
    expect(published).toEqual([]);
  });

  it('an unknown media type is not found (6), whatever the body', () => {
    const { model } = harness();
    expect(model.create(A, 'fax', { operationName: 'Create', queueUri: QUEUE })).toMatchObject({ statusCode: 6 });
    expect(model.create(A, 'fax', {})).toMatchObject({ statusCode: 6 });
    expect(model.operate(A, 'fax', '03W0GH2K00000001', { operationName: 'Accept' })).toMatchObject({ statusCode: 6 });
  });

  it('answers {statusCode:0, referenceId:N}; the item is made after the delay in Processing, Outbound, announced with N', () => {
    const { model, flush, received, itemOf } = harness();
    expect(model.create(A, 'promotion', { operationName: 'Create', queueUri: QUEUE, userData: { Campaign: 'Spring' } })).toEqual({ statusCode: 0, referenceId: 1 });
    expect(model.items(A, 'promotion')).toEqual([]);
    flush();
    const [created, ...rest] = received(A);
    expect(rest).toEqual([]);
    expect(created?.channel).toBe('/v2/me/openmedia');
    expect(created?.data).toMatchObject({ messageType: 'OpenmediaStateChangeMessage', notificationType: 'StatusChange', referenceId: 1 });
    const item = itemOf(created);
    expect(item.id).toMatch(/^03W0GH2K[0-9A-Z]{8}$/);
    expect(item).toEqual({
      id: item.id, state: 'Processing', mediaType: 'promotion', openmediaType: 'Outbound', uri: `${ROOT}/openmedia/promotions/${item.id}`,
      capabilities: PROCESSING, userData: { Campaign: 'Spring' },
    });
    expect(model.items(A, 'promotion').map((i) => [i.id, i.state])).toEqual([[item.id, 'Processing']]);
    expect(model.items(A, 'workitem')).toEqual([]);
    expect(model.create(A, 'workitem', { operationName: 'Create', queueUri: QUEUE })).toEqual({ statusCode: 0, referenceId: 2 });
  });
});

describe('an item', () => {
  it('delivered: Invited after the delay, Inbound with its receivedDate, offering Accept and Reject', () => {
    const { model, flush, received, itemOf } = harness();
    const id = model.deliver(A, 'workitem', { Case: '7' });
    expect(model.items(A, 'workitem')).toEqual([]);
    flush();
    const [offer] = received(A);
    expect(offer?.data).not.toHaveProperty('referenceId');
    expect(itemOf(offer)).toEqual({
      id, state: 'Invited', mediaType: 'workitem', openmediaType: 'Inbound', uri: `${ROOT}/openmedia/workitems/${id}`,
      capabilities: ['Accept', 'Reject'], userData: { Case: '7' }, receivedDate: '2014-03-26 14:02:22.000+0000',
    });
    expect(model.items(B, 'workitem')).toEqual([]);
    expect(model.all()).toEqual([{ id, mediaType: 'workitem', agents: [{ userId: A, state: 'Invited' }] }]);
  });

  it('Accept: Processing; every answer carries the referenceId the notification repeats', () => {
    const { model, op, offered, received, itemOf } = harness();
    const id = offered();
    expect(op(A, id, { operationName: 'Complete' })).toMatchObject({ statusCode: 2 });
    expect(op(A, id, { operationName: 'Accept', saveLAR: 'perhaps' })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'Accept', saveLAR: true })).toEqual({ statusCode: 0, referenceId: 1 });
    const [accepted] = received(A);
    expect(accepted?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 1 });
    expect(itemOf(accepted)).toMatchObject({ id, state: 'Processing', capabilities: PROCESSING });
    expect(model.items(A, 'workitem').map((i) => i.state)).toEqual(['Processing']);
  });

  it('Reject: Completed, gone from the list; then operations are refused with 2, an unknown id with 6', () => {
    const { model, op, offered, received, itemOf } = harness();
    const id = offered();
    expect(op(A, id, { operationName: 'Reject' })).toEqual({ statusCode: 0, referenceId: 1 });
    expect(itemOf(received(A)[0])).toMatchObject({ id, state: 'Completed', capabilities: [] });
    expect(model.items(A, 'workitem')).toEqual([]);
    expect(received(B)).toEqual([]);
    expect(op(A, id, { operationName: 'Accept' })).toMatchObject({ statusCode: 2 });
    expect(op(A, '03W0GH2KNOSUCH00', { operationName: 'Accept' })).toMatchObject({ statusCode: 6 });
    expect(op(B, id, { operationName: 'Accept' })).toMatchObject({ statusCode: 6 });
  });

  it('a mediaType that is not the item\'s in the path: not found (6)', () => {
    const { model, offered } = harness();
    const id = offered(A, 'workitem');
    expect(model.operate(A, 'promotion', id, { operationName: 'Accept' })).toMatchObject({ statusCode: 6 });
    expect(model.items(A, 'promotion')).toEqual([]);
    expect(model.operate(A, 'workitem', id, { operationName: 'Accept' })).toMatchObject({ statusCode: 0 });
  });

  it('Transfer to a user: Completed here, offered there as Invited with the same data', () => {
    const { model, op, processing, received, itemOf } = harness();
    const id = processing({ Case: '7' });
    expect(op(A, id, { operationName: 'Transfer' })).toEqual({ statusCode: 1, statusMessage: 'targetUri is missing' });
    expect(op(A, id, { operationName: 'Transfer', targetUri: `${ROOT}/users/nobody` })).toMatchObject({ statusCode: 6 });
    expect(op(A, id, { operationName: 'Transfer', targetUri: `${ROOT}/users/${B}` })).toEqual({ statusCode: 0, referenceId: 2 });
    const [moved] = received(A);
    expect(moved?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    expect(itemOf(moved)).toMatchObject({ id, state: 'Completed', capabilities: [] });
    const [offer] = received(B);
    expect(offer?.data).not.toHaveProperty('referenceId');
    expect(itemOf(offer)).toMatchObject({ id, state: 'Invited', capabilities: ['Accept', 'Reject'], userData: { Case: '7' } });
    expect(model.items(A, 'workitem')).toEqual([]);
    expect(model.all()).toEqual([{ id, mediaType: 'workitem', agents: [{ userId: A, state: 'Completed' }, { userId: B, state: 'Invited' }] }]);
    expect(op(B, id, { operationName: 'Accept' })).toEqual({ statusCode: 0, referenceId: 1 });
    expect(model.items(B, 'workitem').map((i) => i.state)).toEqual(['Processing']);
  });

  it('Transfer to a queue or any URI that is not a user: it leaves the agent and nobody is offered it', () => {
    const { model, op, processing, received, itemOf, published } = harness();
    const id = processing();
    const before = published.length;
    expect(op(A, id, { operationName: 'Transfer', targetUri: QUEUE })).toEqual({ statusCode: 0, referenceId: 2 });
    expect(published.length).toBe(before + 1);
    expect(itemOf(received(A)[0])).toMatchObject({ id, state: 'Completed' });
    expect(model.all()).toEqual([{ id, mediaType: 'workitem', agents: [{ userId: A, state: 'Completed' }] }]);
  });

  it('Complete: Completed with the referenceId', () => {
    const { model, op, processing, received, itemOf } = harness();
    const id = processing();
    expect(op(A, id, { operationName: 'Complete' })).toEqual({ statusCode: 0, referenceId: 2 });
    const [completed] = received(A);
    expect(completed?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    expect(itemOf(completed)).toMatchObject({ id, state: 'Completed', capabilities: [] });
    expect(model.items(A, 'workitem')).toEqual([]);
    expect(op(A, id, { operationName: 'Complete' })).toMatchObject({ statusCode: 2 });
  });

  it('user data: Attach, Update, Delete announced as PropertiesUpdated; SetDisposition is not an open-media operation', () => {
    const { op, processing, received, itemOf, offered } = harness();
    const id = processing({ Case: '7' });
    expect(op(A, id, { operationName: 'AttachUserData' })).toMatchObject({ statusCode: 1 });
    expect(op(A, id, { operationName: 'SetDisposition', disposition: 'Done' })).toMatchObject({ statusCode: 2 });
    expect(op(A, id, { operationName: 'AttachUserData', userData: { Step: '1' } })).toEqual({ statusCode: 0, referenceId: 2 });
    expect(op(A, id, { operationName: 'UpdateUserData', userData: { Case: '8' } })).toEqual({ statusCode: 0, referenceId: 3 });
    expect(op(A, id, { operationName: 'DeleteUserData', keys: ['Step'] })).toEqual({ statusCode: 0, referenceId: 4 });
    const messages = received(A);
    expect(messages.map((m) => [m.data['notificationType'], m.data['referenceId']])).toEqual([['PropertiesUpdated', 2], ['PropertiesUpdated', 3], ['PropertiesUpdated', 4]]);
    expect(messages.map((m) => itemOf(m).userData)).toEqual([{ Case: '7', Step: '1' }, { Case: '8', Step: '1' }, { Case: '8' }]);
    expect(messages.every((m) => itemOf(m).state === 'Processing')).toBe(true);
    // Not while Invited.
    const invited = offered();
    expect(op(A, invited, { operationName: 'AttachUserData', userData: { a: 1 } })).toMatchObject({ statusCode: 2 });
  });
});

describe('the open-media defects', () => {
  it('openmedia-ack-without-reference: every answer is {statusCode:0}; the notification still has the referenceId', () => {
    const { model, op, flush, received, offered } = harness(['openmedia-ack-without-reference']);
    expect(model.create(A, 'workitem', { operationName: 'Create', queueUri: QUEUE })).toEqual({ statusCode: 0 });
    flush();
    expect(received(A)[0]?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 1 });
    const id = offered();
    expect(op(A, id, { operationName: 'Accept' })).toEqual({ statusCode: 0 });
    expect(received(A)[0]?.data).toMatchObject({ referenceId: 2 });
    // Refusals are untouched.
    expect(op(A, id, { operationName: 'Accept' })).toMatchObject({ statusCode: 2, statusMessage: expect.any(String) as unknown });
  });

  it('openmedia-complete-ignored: Complete is acknowledged with its referenceId and never applied', () => {
    const { model, op, processing, received } = harness(['openmedia-complete-ignored']);
    const id = processing();
    expect(op(A, id, { operationName: 'Complete' })).toEqual({ statusCode: 0, referenceId: 2 });
    expect(received(A)).toEqual([]);
    expect(model.items(A, 'workitem').map((i) => [i.id, i.state])).toEqual([[id, 'Processing']]);
    // Other operations still apply.
    expect(op(A, id, { operationName: 'Transfer', targetUri: QUEUE })).toEqual({ statusCode: 0, referenceId: 3 });
    expect(model.items(A, 'workitem')).toEqual([]);
  });
});

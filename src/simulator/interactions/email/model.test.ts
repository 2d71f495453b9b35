import { describe, expect, it } from 'vitest';
import { BENCH_ROOT as ROOT, modelBench } from '../test-bench.ts';
import { createEmailModel, renderEmailNotification, type EmailDefect, type InboundEmail } from './index.ts';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);
const QUEUE = 'http://localhost:8090/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d';

const COMPOSING = ['Cancel', 'Send', 'Save', 'AddAttachment', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Transfer'];
const PROCESSING = ['Reply', 'ReplyAll', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Transfer', 'Complete'];

/** An email model whose scheduler runs on `flush()`; A, B and C have an email channel, `ready` of them are Ready. */
function harness(options: { ready?: string[]; defects?: readonly EmailDefect[] } = {}) {
  const { scheduler, publish, published, flush, received } = modelBench(renderEmailNotification, 'https://gwscheck.dev/schemas/notifications/email-state-change.json');
  const ready = options.ready ?? [A];
  const agents = new Set([A, B, C]);
  const defects = options.defects ?? [];
  const model = createEmailModel({
    roster: { readyEmailAgents: () => ready, hasEmailChannel: (userId) => agents.has(userId) },
    scheduler,
    publish,
    defects: { has: (defect) => defects.includes(defect) },
  });
  /** An operation, applied. */
  const op = (userId: string, id: string, body: Record<string, unknown>) => {
    const answer = model.operate(userId, id, body);
    flush();
    return answer;
  };
  /** A new draft of `userId`, announced; its id. */
  const draft = (userId = A): string => {
    expect(model.create(userId, { operationName: 'Create', queueUri: QUEUE })).toEqual({ statusCode: 0 });
    flush();
    const last = published.at(-1);
    if (last === undefined) throw new Error('no draft announced');
    received(userId);
    return last.event.email.id;
  };
  /** An inbound email, offered; its id. */
  const inbound = (email: Partial<InboundEmail> = {}): string => {
    const id = model.deliver({ from: 'customer@example.com', to: ['service@example.com'], subject: 'Order 42', body: 'Where is it?', ...email });
    flush();
    return id;
  };
  /** An inbound email offered to A and accepted. */
  const processing = (email: Partial<InboundEmail> = {}): string => {
    const id = inbound(email);
    expect(op(A, id, { operationName: 'Accept' })).toEqual({ statusCode: 0 });
    received(A);
    return id;
  };
  const stateOf = (userId: string, id: string) => model.emails(userId).find((e) => e.id === id)?.state;
  return { model, flush, published, received, op, draft, inbound, processing, stateOf, ready };
}

const emailOf = (message: { data: Record<string, unknown> } | undefined) => message?.data['email'] as Record<string, unknown> & { id: string; state: string; capabilities: string[] };

describe('Create', () => {
  it('is checked at once: operationName Create and an absolute queueUri are required, userData is key/value pairs', () => {
    const { model, flush, published } = harness();
    expect(model.create(A, {})).toEqual({ statusCode: 1, statusMessage: 'operationName is missing' });
    expect(model.create(A, 'Create')).toMatchObject({ statusCode: 1 });
    expect(model.create(A, { operationName: 'Send', queueUri: QUEUE })).toMatchObject({ statusCode: 2 });
    expect(model.create(A, { operationName: 'Create' })).toEqual({ statusCode: 1, statusMessage: 'queueUri is missing' });
    expect(model.create(A, { operationName: 'Create', queueUri: 'queues/q1' })).toMatchObject({ statusCode: 10 });
    expect(model.create(A, { operationName: 'Create', queueUri: 42 })).toMatchObject({ statusCode: 10 });
    expect(model.create(A, { operationName: 'Create', queueUri: QUEUE, parentId: 7 })).toMatchObject({ statusCode: 10 });
    expect(model.create(A, { operationName: 'Create', queueUri: QUEUE, userData: 'x' })).toMatchObject({ statusCode: 10 });
    flush();
    expect(published).toEqual([]);
    expect(model.emails(A)).toEqual([]);
  });

  it('makes the draft only after the scheduler runs: Composing, announced with the referenceId, capabilities in the table order', () => {
    const { model, flush, received } = harness();
    expect(model.create(A, { operationName: 'Create', queueUri: QUEUE, parentId: '0000Wa9CPARENT01', userData: [{ key: 'Order', type: 'str', value: '42' }] })).toEqual({ statusCode: 0 });
    expect(model.emails(A)).toEqual([]);
    expect(received(A)).toEqual([]);
    flush();
    const [created, ...rest] = received(A);
    expect(rest).toEqual([]);
    expect(created?.channel).toBe('/v2/me/emails');
    expect(created?.data).toMatchObject({ messageType: 'EmailStateChangeMessage', notificationType: 'StatusChange', referenceId: 1 });
    const email = emailOf(created);
    expect(email.id).toMatch(/^01QG9WAK[0-9A-Z]{8}$/);
    expect(email).toMatchObject({ state: 'Composing', uri: `${ROOT}/me/emails/${email.id}`, userData: { Order: '42' } });
    expect(email.capabilities).toEqual(COMPOSING);
    expect(model.emails(A)).toMatchObject([{ id: email.id, state: 'Composing', direction: 'Outbound', capabilities: COMPOSING }]);
    expect(model.emails(B)).toEqual([]);
  });

  it('takes the next number of the user\'s referenceId sequence each time', () => {
    const { draft, published } = harness();
    draft();
    draft();
    draft(B);
    expect(published.map((p) => [p.userId === A ? 'A' : 'B', p.referenceId])).toEqual([['A', 1], ['A', 2], ['B', 1]]);
  });
});

describe('a draft', () => {
  it('Save: EmailSaved with the content; to and from are required, to may be a comma-delimited string', () => {
    const { model, op, draft, received } = harness();
    const id = draft();
    expect(op(A, id, { operationName: 'Save' })).toEqual({ statusCode: 1, statusMessage: 'email is missing' });
    expect(op(A, id, { operationName: 'Save', email: 'x' })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'Save', email: { from: 'agent@example.com' } })).toEqual({ statusCode: 1, statusMessage: 'email.to is missing' });
    expect(op(A, id, { operationName: 'Save', email: { to: ['c@example.com'] } })).toMatchObject({ statusCode: 1 });
    expect(op(A, id, { operationName: 'Save', email: { to: [], from: 'agent@example.com' } })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'Save', email: { to: [1], from: 'agent@example.com' } })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'Save', email: { to: ['c@example.com'], from: 'agent@example.com', subject: 3 } })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'Save', email: { to: ['c@example.com'], from: 'agent@example.com', priority: 'high' } })).toMatchObject({ statusCode: 10 });
    expect(received(A)).toEqual([]);

    expect(op(A, id, { operationName: 'Save', email: { to: 'c@example.com, d@example.com', from: 'agent@example.com', cc: ['e@example.com'], subject: 'Your order', body: '<p>Shipped</p>', mime: 'text/html' } })).toEqual({ statusCode: 0 });
    const [saved] = received(A);
    expect(saved?.data).toMatchObject({ notificationType: 'EmailSaved', referenceId: 2 });
    expect(emailOf(saved)).toMatchObject({ id, state: 'Composing', from: 'agent@example.com', to: ['c@example.com', 'd@example.com'], cc: ['e@example.com'], subject: 'Your order', body: '<p>Shipped</p>', mime: 'text/html', capabilities: COMPOSING });
    expect(emailOf(saved)).not.toHaveProperty('bcc');
    expect(model.emails(A)[0]?.content).toMatchObject({ to: ['c@example.com', 'd@example.com'], subject: 'Your order' });
  });

  it('Cancel: Canceled, no longer listed; then every operation is refused with 2, an unknown id with 6', () => {
    const { model, op, draft, received } = harness();
    const id = draft();
    expect(op(A, id, { operationName: 'Cancel' })).toEqual({ statusCode: 0 });
    const [canceled] = received(A);
    expect(canceled?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    expect(emailOf(canceled)).toEqual({ id, state: 'Canceled', uri: `${ROOT}/me/emails/${id}`, capabilities: [] });
    expect(model.emails(A)).toEqual([]);
    for (const operationName of ['Cancel', 'Save', 'Send', 'AttachUserData', 'Transfer']) {
      expect(model.operate(A, id, { operationName, email: { to: ['x@example.com'], from: 'y@example.com' }, userData: { k: 'v' }, queueName: 'q' })).toMatchObject({ statusCode: 2 });
    }
    expect(model.operate(A, '01QG9WAKNOSUCH00', { operationName: 'Cancel' })).toEqual({ statusCode: 6, statusMessage: 'email 01QG9WAKNOSUCH00 not found' });
    // Another agent's email is not found either.
    expect(model.operate(B, id, { operationName: 'Cancel' })).toMatchObject({ statusCode: 6 });
    expect(model.operate(A, id, {})).toMatchObject({ statusCode: 1 });
    expect(model.operate(A, id, { operationName: 'Fly' })).toMatchObject({ statusCode: 2 });
  });

  it('a second Cancel acknowledged before the first applied is refused, judged on the state the first leads to', () => {
    const { model, flush, draft } = harness();
    const id = draft();
    expect(model.operate(A, id, { operationName: 'Cancel' })).toEqual({ statusCode: 0 });
    expect(model.operate(A, id, { operationName: 'Cancel' })).toMatchObject({ statusCode: 2 });
    flush();
    expect(model.emails(A)).toEqual([]);
  });

  it('Send: queueName required, the email given is saved, Completed', () => {
    const { model, op, draft, received } = harness();
    const id = draft();
    expect(op(A, id, { operationName: 'Send' })).toEqual({ statusCode: 1, statusMessage: 'queueName is missing' });
    expect(op(A, id, { operationName: 'Send', queueName: 'outbound', email: { to: ['c@example.com'], from: 'agent@example.com', subject: 'Hi' } })).toEqual({ statusCode: 0 });
    const [sent] = received(A);
    expect(sent?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    // The content the Send carries is applied after the core announced Completed, so the notification
    // shows the draft as it was before (the core runs a rule's leadsTo before its effect).
    expect(emailOf(sent)).toMatchObject({ id, state: 'Completed', capabilities: [] });
    expect(model.emails(A)).toEqual([]);
  });

  it('AddAttachment: documentId required, size a non-negative integer; AttachmentAdded shows {id, name, size, uri, mime}', () => {
    const { op, draft, received } = harness();
    const id = draft();
    expect(op(A, id, { operationName: 'AddAttachment' })).toEqual({ statusCode: 1, statusMessage: 'documentId is missing' });
    expect(op(A, id, { operationName: 'AddAttachment', documentId: 'doc1', size: -1 })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'AddAttachment', documentId: 'doc1', size: '12' })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'AddAttachment', documentId: 'doc1', size: 1024, name: 'invoice.pdf', mime: 'application/pdf' })).toEqual({ statusCode: 0 });
    expect(op(A, id, { operationName: 'AddAttachment', documentId: 'doc2' })).toEqual({ statusCode: 0 });
    const [first, second] = received(A);
    expect(first?.data).toMatchObject({ notificationType: 'AttachmentAdded', referenceId: 2 });
    expect(emailOf(first)['attachments']).toEqual([{ id: 'doc1', name: 'invoice.pdf', size: 1024, uri: `${ROOT}/me/emails/${id}/attachments/doc1`, mime: 'application/pdf' }]);
    expect(emailOf(second)['attachments']).toEqual([
      expect.objectContaining({ id: 'doc1' }),
      { id: 'doc2', name: 'doc2.dat', size: 0, uri: `${ROOT}/me/emails/${id}/attachments/doc2`, mime: 'application/octet-stream' },
    ]);
  });

  it('user data: Attach, Update, Delete and SetDisposition each announced as PropertiesUpdated with their referenceId', () => {
    const { op, draft, received } = harness();
    const id = draft();
    expect(op(A, id, { operationName: 'AttachUserData' })).toEqual({ statusCode: 1, statusMessage: 'userData is missing' });
    expect(op(A, id, { operationName: 'DeleteUserData', keys: [] })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'SetDisposition' })).toMatchObject({ statusCode: 1 });
    expect(op(A, id, { operationName: 'AttachUserData', userData: { a: '1', b: '2' } })).toEqual({ statusCode: 0 });
    expect(op(A, id, { operationName: 'UpdateUserData', userData: [{ key: 'a', type: 'str', value: '3' }] })).toEqual({ statusCode: 0 });
    expect(op(A, id, { operationName: 'DeleteUserData', keys: ['b'] })).toEqual({ statusCode: 0 });
    expect(op(A, id, { operationName: 'SetDisposition', disposition: 'Sold' })).toEqual({ statusCode: 0 });
    expect(op(A, id, { operationName: 'SetDisposition', disposition: 'Kept', dispositionKey: 'Outcome' })).toEqual({ statusCode: 0 });
    const messages = received(A);
    expect(messages.map((m) => [m.data['notificationType'], m.data['referenceId']])).toEqual([['PropertiesUpdated', 2], ['PropertiesUpdated', 3], ['PropertiesUpdated', 4], ['PropertiesUpdated', 5], ['PropertiesUpdated', 6]]);
    expect(messages.map((m) => emailOf(m)['userData'])).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '2' },
      { a: '3' },
      { a: '3', DispositionCode: 'Sold' },
      { a: '3', DispositionCode: 'Sold', Outcome: 'Kept' },
    ]);
    expect(messages.every((m) => emailOf(m).state === 'Composing')).toBe(true);
  });

  it('Transfer needs userUri or queueName; to an agent it is offered there and leaves this agent', () => {
    const { model, op, draft, received } = harness();
    const id = draft();
    expect(op(A, id, { operationName: 'Transfer' })).toEqual({ statusCode: 1, statusMessage: 'userUri or queueName is missing' });
    expect(op(A, id, { operationName: 'Transfer', userUri: `${ROOT}/users/nobody` })).toMatchObject({ statusCode: 6 });
    expect(op(A, id, { operationName: 'Transfer', userUri: `${ROOT}/users/${B}` })).toEqual({ statusCode: 0 });
    expect(emailOf(received(A)[0])).toMatchObject({ id, state: 'Completed', capabilities: [] });
    expect(emailOf(received(B)[0])).toMatchObject({ id, state: 'Invited', capabilities: ['Accept', 'Reject'] });
    expect(model.emails(A)).toEqual([]);
    expect(model.all()).toEqual([{ id, direction: 'Outbound', agents: [{ userId: A, state: 'Completed' }, { userId: B, state: 'Invited' }] }]);
  });
});

describe('an inbound email', () => {
  it('is routed after the delay to a Ready email agent only, as Invited with Accept and Reject, and without a referenceId', () => {
    const { model, flush, received } = harness({ ready: [B] });
    const id = model.deliver({ from: 'customer@example.com', to: ['service@example.com'], subject: 'Order 42', body: 'Where is it?', userData: { Order: '42' } });
    expect(id).toMatch(/^01QG9WAK[0-9A-Z]{8}$/);
    expect(model.emails(B)).toEqual([]);
    flush();
    expect(model.emails(A)).toEqual([]);
    const [offer, ...rest] = received(B);
    expect(rest).toEqual([]);
    expect(offer?.data).toMatchObject({ notificationType: 'StatusChange' });
    expect(offer?.data).not.toHaveProperty('referenceId');
    expect(emailOf(offer)).toMatchObject({ id, state: 'Invited', capabilities: ['Accept', 'Reject'], from: 'customer@example.com', to: ['service@example.com'], subject: 'Order 42', body: 'Where is it?', userData: { Order: '42' } });
    expect(model.emails(B)).toMatchObject([{ id, direction: 'Inbound', state: 'Invited' }]);
  });

  it('waits while no email agent is Ready, and is offered once one is', () => {
    const { model, inbound, ready } = harness({ ready: [] });
    const id = inbound();
    expect(model.emails(A)).toEqual([]);
    model.agentsChanged();
    expect(model.all()).toEqual([{ id, direction: 'Inbound', agents: [] }]);
    ready.push(C);
    model.agentsChanged();
    expect(model.emails(C).map((e) => [e.id, e.state])).toEqual([[id, 'Invited']]);
    // Offered once: it no longer waits.
    model.agentsChanged();
    expect(model.all()).toEqual([{ id, direction: 'Inbound', agents: [{ userId: C, state: 'Invited' }] }]);
  });

  it('offered to the agent named, Ready or not', () => {
    const { model, inbound } = harness({ ready: [A] });
    const id = inbound({ user: B });
    expect(model.emails(A)).toEqual([]);
    expect(model.emails(B).map((e) => e.id)).toEqual([id]);
  });

  it('Reject: Completed for the agent, presented to another Ready agent, never back to the one who rejected it', () => {
    const { model, op, inbound, received, ready } = harness({ ready: [A, B] });
    const id = inbound();
    received(A);
    expect(op(A, id, { operationName: 'Reject' })).toEqual({ statusCode: 0 });
    const [rejected] = received(A);
    expect(rejected?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 1 });
    expect(emailOf(rejected)).toMatchObject({ id, state: 'Completed', capabilities: [] });
    expect(model.emails(A)).toEqual([]);
    const [offer] = received(B);
    expect(emailOf(offer)).toMatchObject({ id, state: 'Invited' });
    expect(offer?.data).not.toHaveProperty('referenceId');

    // B rejects too; only A (who rejected it) is Ready: it waits, and goes to C once C is Ready.
    ready.splice(0, ready.length, A);
    expect(op(B, id, { operationName: 'Reject' })).toEqual({ statusCode: 0 });
    model.agentsChanged();
    expect(model.emails(A)).toEqual([]);
    expect(received(A)).toEqual([]);
    ready.push(B, C);
    model.agentsChanged();
    expect(model.emails(C).map((e) => [e.id, e.state])).toEqual([[id, 'Invited']]);
    expect(model.all()).toEqual([{ id, direction: 'Inbound', agents: [{ userId: A, state: 'Completed' }, { userId: B, state: 'Completed' }, { userId: C, state: 'Invited' }] }]);
  });

  it('an Invited email offers only Accept and Reject: the others are refused with 2', () => {
    const { model, inbound } = harness();
    const id = inbound();
    expect(model.operate(A, id, { operationName: 'Complete' })).toMatchObject({ statusCode: 2 });
    expect(model.operate(A, id, { operationName: 'Reply', queueUri: QUEUE })).toMatchObject({ statusCode: 2 });
    expect(model.operate(A, id, { operationName: 'AttachUserData', userData: { a: 1 } })).toMatchObject({ statusCode: 2 });
    expect(model.operate(A, id, { operationName: 'Accept', saveLAR: 'maybe' })).toMatchObject({ statusCode: 10 });
  });

  it('Accept: Processing with its capabilities and the referenceId', () => {
    const { model, op, inbound, received } = harness();
    const id = inbound();
    received(A);
    expect(op(A, id, { operationName: 'Accept', saveLAR: true })).toEqual({ statusCode: 0 });
    const [accepted] = received(A);
    expect(accepted?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 1 });
    expect(emailOf(accepted)).toMatchObject({ id, state: 'Processing', capabilities: PROCESSING });
    expect(model.emails(A)).toMatchObject([{ id, state: 'Processing', capabilities: PROCESSING }]);
  });

  it('Reply: a new Composing email to the original sender, the subject prefixed; the inbound email stays Processing', () => {
    const { model, op, processing, received } = harness();
    const id = processing({ from: 'customer@example.com', to: ['service@example.com', 'sales@example.com'], subject: 'Order 42', body: 'Where is it?' });
    expect(op(A, id, { operationName: 'Reply' })).toEqual({ statusCode: 1, statusMessage: 'queueUri is missing' });
    expect(op(A, id, { operationName: 'Reply', queueUri: QUEUE, quoteOriginal: 'often' })).toMatchObject({ statusCode: 10 });
    expect(op(A, id, { operationName: 'Reply', queueUri: QUEUE, body: 'On its way', quoteOriginal: true })).toEqual({ statusCode: 0 });
    const [reply, ...rest] = received(A);
    expect(rest).toEqual([]);
    expect(reply?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    const draft = emailOf(reply);
    expect(draft.id).not.toBe(id);
    expect(draft).toMatchObject({ state: 'Composing', capabilities: COMPOSING, from: 'service@example.com', to: ['customer@example.com'], subject: 'Re: Order 42', body: 'On its way\n\n> Where is it?' });
    expect(draft).not.toHaveProperty('cc');
    expect(model.emails(A).map((e) => [e.id, e.state, e.direction])).toEqual([[id, 'Processing', 'Inbound'], [draft.id, 'Composing', 'Outbound']]);
  });

  it('ReplyAll: cc takes the other recipients; subjectPrefix replaces "Re: "', () => {
    const { op, processing, received } = harness();
    const id = processing({ to: ['service@example.com', 'sales@example.com'] });
    expect(op(A, id, { operationName: 'ReplyAll', queueUri: QUEUE, subjectPrefix: 'AW: ' })).toEqual({ statusCode: 0 });
    const draft = emailOf(received(A)[0]);
    expect(draft).toMatchObject({ state: 'Composing', from: 'service@example.com', to: ['customer@example.com'], cc: ['sales@example.com'], subject: 'AW: Order 42' });
  });

  it('ReplyAll keeps the original\'s cc (an email with cc reaches Processing through a transferred draft)', () => {
    const { op, draft, received } = harness();
    const id = draft();
    op(A, id, { operationName: 'Save', email: { to: ['service@example.com'], from: 'customer@example.com', cc: ['boss@example.com', 'audit@example.com'], subject: 'Order 42' } });
    expect(op(A, id, { operationName: 'Transfer', userUri: `${ROOT}/users/${B}` })).toEqual({ statusCode: 0 });
    expect(op(B, id, { operationName: 'Accept' })).toEqual({ statusCode: 0 });
    received(B);
    expect(op(B, id, { operationName: 'ReplyAll', queueUri: QUEUE })).toEqual({ statusCode: 0 });
    const [reply] = received(B);
    expect(reply?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    expect(emailOf(reply)).toMatchObject({ state: 'Composing', to: ['customer@example.com'], cc: ['boss@example.com', 'audit@example.com'], subject: 'Re: Order 42' });
    expect(op(B, id, { operationName: 'Reply', queueUri: QUEUE })).toEqual({ statusCode: 0 });
    expect(emailOf(received(B)[0])).not.toHaveProperty('cc');
  });

  it('Complete: Completed, no longer listed', () => {
    const { model, op, processing, received } = harness();
    const id = processing();
    expect(op(A, id, { operationName: 'Complete', queueName: 'done', saveLAR: false })).toEqual({ statusCode: 0 });
    const [completed] = received(A);
    expect(completed?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    expect(emailOf(completed)).toMatchObject({ id, state: 'Completed', capabilities: [], subject: 'Order 42' });
    expect(model.emails(A)).toEqual([]);
    expect(model.operate(A, id, { operationName: 'Complete' })).toMatchObject({ statusCode: 2 });
  });

  it('Transfer to an agent (userUri): offered there; to a queue (queueName): routed to another Ready agent', () => {
    const { model, op, processing, received } = harness({ ready: [A, C] });
    const id = processing();
    expect(op(A, id, { operationName: 'Transfer', userUri: `${ROOT}/users/${B}` })).toEqual({ statusCode: 0 });
    expect(emailOf(received(A)[0])).toMatchObject({ id, state: 'Completed' });
    expect(emailOf(received(B)[0])).toMatchObject({ id, state: 'Invited', subject: 'Order 42' });
    expect(model.emails(A)).toEqual([]);

    expect(op(B, id, { operationName: 'Accept' })).toEqual({ statusCode: 0 });
    received(B);
    expect(op(B, id, { operationName: 'Transfer', queueName: 'billing' })).toEqual({ statusCode: 0 });
    expect(emailOf(received(B)[0])).toMatchObject({ id, state: 'Completed' });
    // The first Ready agent other than the one transferring: A.
    expect(model.emails(A).map((e) => [e.id, e.state])).toEqual([[id, 'Invited']]);
    expect(model.emails(C)).toEqual([]);
  });

  it('Transfer to a queue with no other agent Ready: it waits, and is not offered back to the agent who transferred it', () => {
    const { model, op, processing, ready } = harness({ ready: [A] });
    const id = processing();
    expect(op(A, id, { operationName: 'Transfer', queueName: 'billing' })).toEqual({ statusCode: 0 });
    expect(model.emails(A)).toEqual([]);
    // A's channel changes (A stays the only Ready agent): still not A's.
    model.agentsChanged();
    expect(model.emails(A)).toEqual([]);
    ready.push(B);
    model.agentsChanged();
    expect(model.emails(B).map((e) => [e.id, e.state])).toEqual([[id, 'Invited']]);
    expect(model.emails(A)).toEqual([]);
  });

  it('user data on a Processing email: PropertiesUpdated, shared with the record', () => {
    const { op, processing, received, model } = harness();
    const id = processing({ userData: { Order: '42' } });
    expect(op(A, id, { operationName: 'UpdateUserData', userData: { Order: '43', Priority: 'high' } })).toEqual({ statusCode: 0 });
    expect(op(A, id, { operationName: 'SetDisposition', disposition: 'Answered' })).toEqual({ statusCode: 0 });
    const messages = received(A);
    expect(messages.map((m) => m.data['notificationType'])).toEqual(['PropertiesUpdated', 'PropertiesUpdated']);
    expect(emailOf(messages[1])).toMatchObject({ state: 'Processing', userData: { Order: '43', Priority: 'high', DispositionCode: 'Answered' } });
    expect(model.emails(A)[0]?.userData).toEqual({ Order: '43', Priority: 'high', DispositionCode: 'Answered' });
  });
});

describe('the email defects the model has', () => {
  it('email-create-ignored: Create is acknowledged, no draft is ever made', () => {
    const { model, flush, published } = harness({ defects: ['email-create-ignored'] });
    expect(model.create(A, { operationName: 'Create', queueUri: QUEUE })).toEqual({ statusCode: 0 });
    flush();
    expect(published).toEqual([]);
    expect(model.emails(A)).toEqual([]);
    // Still refuses a bad request.
    expect(model.create(A, { operationName: 'Create' })).toMatchObject({ statusCode: 1 });
  });

  it('email-save-ignored: Save is acknowledged, nothing is saved or announced', () => {
    const { model, op, draft, received } = harness({ defects: ['email-save-ignored'] });
    const id = draft();
    expect(op(A, id, { operationName: 'Save', email: { to: ['c@example.com'], from: 'agent@example.com', subject: 'Lost' } })).toEqual({ statusCode: 0 });
    expect(received(A)).toEqual([]);
    expect(model.emails(A)[0]?.content).toMatchObject({ to: [], subject: '' });
    // A bad Save is still refused.
    expect(op(A, id, { operationName: 'Save' })).toMatchObject({ statusCode: 1 });
  });

  it('email-cancel-ignored: Cancel is acknowledged, the draft stays Composing', () => {
    const { model, op, draft, received } = harness({ defects: ['email-cancel-ignored'] });
    const id = draft();
    expect(op(A, id, { operationName: 'Cancel' })).toEqual({ statusCode: 0 });
    expect(received(A)).toEqual([]);
    expect(model.emails(A).map((e) => [e.id, e.state])).toEqual([[id, 'Composing']]);
  });

  it('without defects the same steps work', () => {
    const { model, op, draft } = harness();
    const id = draft();
    op(A, id, { operationName: 'Save', email: { to: ['c@example.com'], from: 'agent@example.com', subject: 'Kept' } });
    expect(model.emails(A)[0]?.content.subject).toBe('Kept');
    op(A, id, { operationName: 'Cancel' });
    expect(model.emails(A)).toEqual([]);
  });
});

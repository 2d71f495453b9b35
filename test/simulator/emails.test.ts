// Email and open media end to end in the running simulator: the agent logs in on email and makes it
// Ready, creates, saves and cancels drafts, is offered inbound emails and open-media items through
// the control API, works them over HTTP and hears each change over CometD; every answer and every
// notification is judged against the contracts, and the wire defects show as the gate must see them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'cometd';
import { loadContracts, type ObservedResponse } from '../../src/contracts/index.ts';
import { SCHEMA_BASE } from '../../src/contracts/schema-ids.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { basic, connect, type TestClient } from '../notifications/bayeux-client.ts';

const KSIPPO = basic('ksippo', '');
const QUEUE = 'http://localhost:8090/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d';
const contracts = loadContracts();
const notification = (name: string) => `${SCHEMA_BASE}notifications/${name}.json`;

let simulator: Simulator;
let running: RunningSimulator;
const clients: TestClient[] = [];

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A request as sent, its answer parsed; nothing judged. */
async function raw(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown): Promise<Answer & { readonly rawBody: string; readonly headers: Record<string, string> }> {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const rawBody = await res.text();
  return { status: res.status, body: JSON.parse(rawBody) as Record<string, unknown>, rawBody, headers: Object.fromEntries(res.headers) };
}

/**
 * Sends a request as ksippo and judges the answer against the catalog entry `operationId`: the
 * statusCodes expected (default success), the schema, the HTTP status beside the statusCode.
 */
async function send(operationId: string, method: 'GET' | 'POST', path: string, body?: unknown, expectStatusCodes: readonly number[] = [0]): Promise<Answer> {
  const started = Date.now();
  const answer = await raw(method, `${running.url}${path}`, KSIPPO, body);
  const response: ObservedResponse = { httpStatus: answer.status, headers: answer.headers, rawBody: answer.rawBody, body: answer.body, durationMs: Date.now() - started };
  const verdict = contracts.judge(contracts.operation(operationId), response, { expectStatusCodes, httpStatusStrict: true });
  expect(verdict.violations, `${method} ${path} → ${answer.rawBody}`).toEqual([]);
  return answer;
}

/** The control API, plain JSON. */
const control = (method: 'GET' | 'POST', path: string, body?: unknown) => raw(method, `${running.origin}/__simulator/${path}`, {}, body);

async function client(...topics: string[]): Promise<TestClient> {
  const c = await connect(`${running.url}/notifications`, KSIPPO);
  clients.push(c);
  for (const topic of ['/v2/me/channels', ...topics]) expect((await c.subscribe(topic)).successful).toBe(true);
  return c;
}

interface Notified {
  readonly channel: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The next message on `topic`, checked against its schema (when `schema` is given) and the schema of every GWS message. */
async function next(c: TestClient, topic: string, schema?: string): Promise<Notified> {
  const message: Message = await c.next(topic);
  const value: Notified = { channel: message.channel, data: message.data as Record<string, unknown> };
  if (schema !== undefined) expect(contracts.validate(notification(schema), value), JSON.stringify(value)).toEqual([]);
  expect(contracts.validate(notification('message'), value)).toEqual([]);
  return value;
}

const nextEmail = (c: TestClient) => next(c, '/v2/me/emails', 'email-state-change');
const nextItem = (c: TestClient) => next(c, '/v2/me/openmedia', 'openmedia-state-change');
const emailOf = (message: Notified) => message.data['email'] as Record<string, unknown> & { id: string; state: string; capabilities: string[] };
const itemOf = (message: Notified) => message.data['openmedia'] as Record<string, unknown> & { id: string; state: string; capabilities: string[] };

/** The agent logs in on email and makes it Ready; resolves once the channel notification shows Ready. */
async function readyForEmails(c: TestClient): Promise<void> {
  await send('post-me', 'POST', '/me', { operationName: 'StartContactCenterSession', channels: ['email'] });
  await send('post-me-channels-email', 'POST', '/me/channels/email', { operationName: 'Ready' });
  for (;;) {
    const message = await c.next('/v2/me/channels');
    const channels = (message.data as { channels: { channel: string; userState: { state: string } }[] }).channels;
    if (channels.some((ch) => ch.channel === 'email' && ch.userState.state === 'Ready')) return;
  }
}

async function start(defects: readonly DefectMode[] = []): Promise<void> {
  simulator = buildSimulator({ asyncDelayMs: 10, defects });
  running = await listen(simulator);
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).filter((c) => !c.cometd.isDisconnected()).map((c) => c.disconnect()));
  await running.close();
  simulator.dispose();
});

/** Restarts the simulator with defects. */
async function restart(defects: readonly DefectMode[]): Promise<void> {
  await running.close();
  simulator.dispose();
  await start(defects);
}

const COMPOSING = ['Cancel', 'Send', 'Save', 'AddAttachment', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Transfer'];

describe('the agent\'s emails over HTTP and CometD', () => {
  it('Create, Save and Cancel a draft: each answered {statusCode:0}, announced on /v2/me/emails with its referenceId, listed while not finished', async () => {
    const c = await client('/v2/me/emails');
    await readyForEmails(c);
    expect((await send('get-me-emails', 'GET', '/me/emails')).body).toEqual({ statusCode: 0, uris: [] });
    expect((await send('get-me-emails', 'GET', '/me/emails?fields=*')).body).toEqual({ statusCode: 0, emails: [] });

    // Refusals: checked at once, nothing announced.
    expect((await send('post-me-emails', 'POST', '/me/emails', { queueUri: QUEUE }, [1])).status).toBe(400);
    await send('post-me-emails', 'POST', '/me/emails', { operationName: 'Create' }, [1]);
    await send('post-me-emails', 'POST', '/me/emails', { operationName: 'Create', queueUri: 'not a uri' }, [10]);

    const created = await send('post-me-emails', 'POST', '/me/emails', { operationName: 'Create', queueUri: QUEUE, userData: { Order: '42' } });
    expect(created.body).toEqual({ statusCode: 0 });
    const composing = await nextEmail(c);
    expect(composing.channel).toBe('/v2/me/emails');
    expect(composing.data).toMatchObject({ messageType: 'EmailStateChangeMessage', notificationType: 'StatusChange', referenceId: 1 });
    const id = emailOf(composing).id;
    const uri = `${running.url}/me/emails/${id}`;
    expect(emailOf(composing)).toMatchObject({ id, state: 'Composing', uri, capabilities: COMPOSING, userData: { Order: '42' } });

    expect((await send('get-me-emails', 'GET', '/me/emails')).body).toEqual({ statusCode: 0, uris: [uri] });
    const listed = await send('get-me-emails', 'GET', '/me/emails?fields=*');
    expect(listed.body['emails']).toMatchObject([{ id, state: 'Composing', uri, capabilities: COMPOSING, userData: { Order: '42' } }]);

    await send('post-me-emails-id', 'POST', `/me/emails/${id}`, { operationName: 'Save', email: { from: 'agent@example.com' } }, [1]);
    await send('post-me-emails-id', 'POST', `/me/emails/${id}`, { operationName: 'Save', email: { to: 'c@example.com,d@example.com', from: 'agent@example.com', subject: 'Your order', body: 'Shipped' } });
    const saved = await nextEmail(c);
    expect(saved.data).toMatchObject({ notificationType: 'EmailSaved', referenceId: 2 });
    expect(emailOf(saved)).toMatchObject({ id, state: 'Composing', from: 'agent@example.com', to: ['c@example.com', 'd@example.com'], subject: 'Your order', body: 'Shipped' });
    expect((await send('get-me-emails', 'GET', '/me/emails?fields=*')).body['emails']).toMatchObject([{ id, to: ['c@example.com', 'd@example.com'], subject: 'Your order' }]);

    expect((await send('post-me-emails-id', 'POST', `/me/emails/${id}`, { operationName: 'Cancel' })).body).toEqual({ statusCode: 0 });
    const canceled = await nextEmail(c);
    expect(canceled.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 3 });
    expect(emailOf(canceled)).toEqual({ id, state: 'Canceled', uri, capabilities: [] });
    expect((await send('get-me-emails', 'GET', '/me/emails')).body).toEqual({ statusCode: 0, uris: [] });

    // A canceled email refuses every operation (2); an unknown id is not found (6, HTTP 404).
    expect((await send('post-me-emails-id', 'POST', `/me/emails/${id}`, { operationName: 'Cancel' }, [2])).status).toBe(400);
    expect((await send('post-me-emails-id', 'POST', '/me/emails/01QG9WAKNOSUCH00', { operationName: 'Cancel' }, [6])).status).toBe(404);
  });

  it('the control API delivers an inbound email, routed to the Ready agent; Accept, Reply and Complete over HTTP', async () => {
    const c = await client('/v2/me/emails');
    await readyForEmails(c);
    const delivered = await control('POST', 'emails', { from: 'customer@example.com', to: ['service@example.com'], subject: 'Order 42', body: 'Where is it?', userData: { Order: '42' } });
    expect(delivered.status).toBe(200);
    const id = String(delivered.body['emailId']);
    const offer = await nextEmail(c);
    expect(offer.data).not.toHaveProperty('referenceId');
    expect(emailOf(offer)).toMatchObject({ id, state: 'Invited', capabilities: ['Accept', 'Reject'], from: 'customer@example.com', to: ['service@example.com'], subject: 'Order 42', userData: { Order: '42' } });
    expect((await control('GET', 'emails')).body).toEqual({ emails: [{ id, direction: 'Inbound', agents: [{ userName: 'ksippo', state: 'Invited' }] }] });

    await send('post-me-emails-id', 'POST', `/me/emails/${id}`, { operationName: 'Accept' });
    const accepted = await nextEmail(c);
    expect(accepted.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 1 });
    expect(emailOf(accepted)).toMatchObject({ id, state: 'Processing', capabilities: ['Reply', 'ReplyAll', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Transfer', 'Complete'] });

    await send('post-me-emails-id', 'POST', `/me/emails/${id}`, { operationName: 'Reply', queueUri: QUEUE, body: 'On its way' });
    const reply = await nextEmail(c);
    expect(reply.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2 });
    expect(emailOf(reply)).toMatchObject({ state: 'Composing', to: ['customer@example.com'], subject: 'Re: Order 42', body: 'On its way' });
    expect(emailOf(reply).id).not.toBe(id);

    await send('post-me-emails-id', 'POST', `/me/emails/${id}`, { operationName: 'Complete' });
    const completed = await nextEmail(c);
    expect(completed.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 3 });
    expect(emailOf(completed)).toMatchObject({ id, state: 'Completed', capabilities: [] });
    expect((await send('get-me-emails', 'GET', '/me/emails')).body).toEqual({ statusCode: 0, uris: [`${running.url}/me/emails/${emailOf(reply).id}`] });
  });

  it('the control API refuses bad bodies (400) and unknown users (404); an email named to a user is offered there', async () => {
    expect((await control('POST', 'emails', '[]')).status).toBe(400);
    expect((await control('POST', 'emails', '{')).status).toBe(400);
    expect((await control('POST', 'emails', { to: 'service@example.com' })).status).toBe(400);
    expect((await control('POST', 'emails', { to: [] })).status).toBe(400);
    expect((await control('POST', 'emails', { from: '' })).status).toBe(400);
    expect((await control('POST', 'emails', { body: 5 })).status).toBe(400);
    expect((await control('POST', 'emails', { userData: 5 })).status).toBe(400);
    expect((await control('POST', 'emails', { user: 7 })).status).toBe(400);
    const unknown = await control('POST', 'emails', { user: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body['error']).toContain('nobody');
    // admin has no email channel.
    expect((await control('POST', 'emails', { user: 'admin' })).status).toBe(400);
    expect((await control('GET', 'emails')).body).toEqual({ emails: [] });

    // Named: offered without the agent being Ready; every key defaulted.
    const c = await client('/v2/me/emails');
    const delivered = await control('POST', 'emails', { user: 'ksippo' });
    const id = String(delivered.body['emailId']);
    expect(emailOf(await nextEmail(c))).toMatchObject({ id, state: 'Invited', from: 'customer@example.com', to: ['service@example.com'], subject: 'Simulated email', body: 'Hello' });
    expect((await control('GET', 'emails')).body).toEqual({ emails: [{ id, direction: 'Inbound', agents: [{ userName: 'ksippo', state: 'Invited' }] }] });
  });

  it('an inbound email waits while no agent is Ready, then goes to the agent whose email channel becomes Ready', async () => {
    const c = await client('/v2/me/emails');
    const delivered = await control('POST', 'emails', { subject: 'Waiting' });
    const id = String(delivered.body['emailId']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await control('GET', 'emails')).body).toEqual({ emails: [{ id, direction: 'Inbound', agents: [] }] });
    await readyForEmails(c);
    expect(emailOf(await nextEmail(c))).toMatchObject({ id, state: 'Invited', subject: 'Waiting' });
  });
});

describe('open media over HTTP and CometD', () => {
  it('the control API offers an item; GET lists it; Accept, Create and Complete answer with the referenceId the notification repeats', async () => {
    const c = await client('/v2/me/openmedia');
    expect((await control('POST', 'openmedia', {})).status).toBe(400);
    expect((await control('POST', 'openmedia', '[1]')).status).toBe(400);
    expect((await control('POST', 'openmedia', { user: 'nobody' })).status).toBe(404);
    expect((await control('POST', 'openmedia', { user: 'ksippo', mediaType: 'fax' })).status).toBe(400);
    expect((await control('POST', 'openmedia', { user: 'ksippo', userData: 'x' })).status).toBe(400);
    expect((await control('GET', 'openmedia')).body).toEqual({ openmedia: [] });

    const delivered = await control('POST', 'openmedia', { user: 'ksippo', mediaType: 'workitem', userData: { Case: '7' } });
    expect(delivered.status).toBe(200);
    const id = String(delivered.body['openmediaId']);
    const offer = await nextItem(c);
    expect(offer.channel).toBe('/v2/me/openmedia');
    expect(offer.data).toMatchObject({ messageType: 'OpenmediaStateChangeMessage', notificationType: 'StatusChange' });
    expect(offer.data).not.toHaveProperty('referenceId');
    const uri = `${running.url}/openmedia/workitems/${id}`;
    expect(itemOf(offer)).toMatchObject({ id, state: 'Invited', mediaType: 'workitem', openmediaType: 'Inbound', uri, capabilities: ['Accept', 'Reject'], userData: { Case: '7' } });
    expect(itemOf(offer)['receivedDate']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect((await control('GET', 'openmedia')).body).toEqual({ openmedia: [{ id, mediaType: 'workitem', agents: [{ userName: 'ksippo', state: 'Invited' }] }] });

    expect((await send('get-me-openmedia-mediatype', 'GET', '/me/openmedia/workitem')).body).toEqual({ statusCode: 0, uris: [uri] });
    expect((await send('get-me-openmedia-mediatype', 'GET', '/me/openmedia/workitem?fields=*')).body['openmedia']).toMatchObject([{ id, state: 'Invited', uri }]);
    expect((await send('get-me-openmedia-mediatype', 'GET', '/me/openmedia/promotion')).body).toEqual({ statusCode: 0, uris: [] });
    await send('get-me-openmedia-mediatype', 'GET', '/me/openmedia/fax', undefined, [6]);
    await send('post-me-openmedia-mediatype-id', 'POST', `/me/openmedia/promotion/${id}`, { operationName: 'Accept' }, [6]);
    await send('post-me-openmedia-mediatype-id', 'POST', `/me/openmedia/workitem/${id}`, { operationName: 'Complete' }, [2]);

    expect((await send('post-me-openmedia-mediatype-id', 'POST', `/me/openmedia/workitem/${id}`, { operationName: 'Accept' })).body).toEqual({ statusCode: 0, referenceId: 1 });
    const accepted = await nextItem(c);
    expect(accepted.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 1 });
    expect(itemOf(accepted)).toMatchObject({ id, state: 'Processing', capabilities: ['Transfer', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'Complete'] });

    expect((await send('post-me-openmedia-mediatype-id', 'POST', `/me/openmedia/workitem/${id}`, { operationName: 'AttachUserData', userData: { Step: '1' } })).body).toEqual({ statusCode: 0, referenceId: 2 });
    const updated = await nextItem(c);
    expect(updated.data).toMatchObject({ notificationType: 'PropertiesUpdated', referenceId: 2 });
    expect(itemOf(updated)).toMatchObject({ userData: { Case: '7', Step: '1' } });

    const created = await send('post-me-openmedia-mediatype', 'POST', '/me/openmedia/promotion', { operationName: 'Create', queueUri: QUEUE });
    expect(created.body).toEqual({ statusCode: 0, referenceId: 3 });
    const outbound = await nextItem(c);
    expect(outbound.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 3 });
    expect(itemOf(outbound)).toMatchObject({ state: 'Processing', mediaType: 'promotion', openmediaType: 'Outbound' });
    expect(itemOf(outbound).uri).toBe(`${running.url}/openmedia/promotions/${itemOf(outbound).id}`);
    await send('post-me-openmedia-mediatype', 'POST', '/me/openmedia/promotion', { operationName: 'Create' }, [1]);
    await send('post-me-openmedia-mediatype', 'POST', '/me/openmedia/fax', { operationName: 'Create', queueUri: QUEUE }, [6]);

    expect((await send('post-me-openmedia-mediatype-id', 'POST', `/me/openmedia/workitem/${id}`, { operationName: 'Complete' })).body).toEqual({ statusCode: 0, referenceId: 4 });
    const completed = await nextItem(c);
    expect(completed.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 4 });
    expect(itemOf(completed)).toMatchObject({ id, state: 'Completed', capabilities: [] });
    expect((await send('get-me-openmedia-mediatype', 'GET', '/me/openmedia/workitem')).body).toEqual({ statusCode: 0, uris: [] });
    await send('post-me-openmedia-mediatype-id', 'POST', '/me/openmedia/workitem/03W0GH2KNOSUCH00', { operationName: 'Complete' }, [6]);
  });
});

describe('the email wire defects', () => {
  it('email-cancel-answers-status: Cancel is answered {"status":0}; other operations keep statusCode', async () => {
    await restart(['email-cancel-answers-status']);
    const c = await client('/v2/me/emails');
    expect((await raw('POST', `${running.url}/me/emails`, KSIPPO, { operationName: 'Create', queueUri: QUEUE })).body).toEqual({ statusCode: 0 });
    const id = emailOf(await nextEmail(c)).id;
    const canceled = await raw('POST', `${running.url}/me/emails/${id}`, KSIPPO, { operationName: 'Cancel' });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toEqual({ status: 0 });
    expect(emailOf(await nextEmail(c)).state).toBe('Canceled');
    // A refused Cancel keeps its envelope.
    expect((await raw('POST', `${running.url}/me/emails/${id}`, KSIPPO, { operationName: 'Cancel' })).body).toMatchObject({ statusCode: 2 });
  });

  it('email-to-not-list: to is one comma-delimited string, in the notification and in GET', async () => {
    await restart(['email-to-not-list']);
    const c = await client('/v2/me/emails');
    await control('POST', 'emails', { user: 'ksippo', to: ['service@example.com', 'sales@example.com'] });
    const message = await next(c, '/v2/me/emails');
    expect(emailOf(message)['to']).toBe('service@example.com,sales@example.com');
    expect(contracts.validate(notification('email-state-change'), message)).not.toEqual([]);
    const listed = await raw('GET', `${running.url}/me/emails?fields=*`, KSIPPO);
    expect((listed.body['emails'] as Record<string, unknown>[])[0]?.['to']).toBe('service@example.com,sales@example.com');
  });

  it('email-notification-wrong-topic: email notifications arrive on /v2/me/interactions, none on /v2/me/emails', async () => {
    await restart(['email-notification-wrong-topic']);
    const c = await client('/v2/me/emails', '/v2/me/interactions');
    await raw('POST', `${running.url}/me/emails`, KSIPPO, { operationName: 'Create', queueUri: QUEUE, userData: { marker: 'wrong-topic' } });
    const message = await next(c, '/v2/me/interactions');
    expect(message.channel).toBe('/v2/me/interactions');
    expect(message.data).toMatchObject({ messageType: 'EmailStateChangeMessage', notificationType: 'StatusChange', referenceId: 1, email: { state: 'Composing' } });
    expect(c.received.filter((m) => m.channel === '/v2/me/emails')).toEqual([]);
  });
});

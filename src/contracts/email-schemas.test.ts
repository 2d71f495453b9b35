import { describe, expect, it } from 'vitest';
import { outcomeOfRequest, type ExpectedOutcome } from './call-outcomes.ts';
import { CATALOG } from './catalog.ts';
import { contractSources } from './description.ts';
import { EMAIL_CATALOG, EMAIL_NOTIFICATION_SCHEMAS, EXAMPLE_MEDIA_TYPE, NEEDS_EMAIL, NEEDS_OPENMEDIA } from './catalog-emails.ts';
import { EMAIL_OUTCOMES, OPENMEDIA_OUTCOMES } from './email-outcomes.ts';
import { loadContracts } from './load.ts';
import { pathParams } from './paths.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { ObservedResponse, Operation, Violation } from './types.ts';

// The wire format the project decided for email and open media (the simulator renders it), and
// the samples of the Email and Open Media API pages, copied as printed and wrapped as a CometD
// message ({channel, data}) where the page prints the data object alone.
const contracts = loadContracts();
const notification = (name: string) => `${SCHEMA_BASE}notifications/${name}.json`;
const EMAIL_MESSAGE = notification('email-state-change');
const OPENMEDIA_MESSAGE = notification('openmedia-state-change');
const summary = (violations: readonly Violation[]) => violations.map((v) => `${v.grade} ${v.keyword} ${v.pointer}`);
const byId = (id: string): Operation => {
  const op = EMAIL_CATALOG.find((o) => o.id === id);
  if (op === undefined) throw new Error(`no email catalog entry ${id}`);
  return op;
};
const requestOf = (id: string): string => byId(id).requestSchema ?? '';
function observed(body: unknown, rawBody = JSON.stringify(body)): ObservedResponse {
  return { httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody, body, durationMs: 5 };
}
const emails = (data: unknown) => ({ channel: '/v2/me/emails', data });
const openmedia = (data: unknown) => ({ channel: '/v2/me/openmedia', data });

const ROOT = 'http://localhost:8090/api/v2';
const COMPOSING_CAPS = ['Cancel', 'Send', 'Save', 'AddAttachment', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Transfer'];
const PROCESSING_CAPS = ['Reply', 'ReplyAll', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Transfer', 'Complete'];
// The decided wire format: an inbound email once accepted, and the reply its Reply created.
const INBOUND = {
  id: '000XJaBEC1HH000P', state: 'Processing', uri: `${ROOT}/me/emails/000XJaBEC1HH000P`, capabilities: PROCESSING_CAPS, userData: { ContactId: '0000Wa9CAM6W018X' },
  from: 'customer@example.com', to: ['info@example.com'], cc: ['copy@example.com'], bcc: [], subject: 'Order 42', body: '<p>Where is it?</p>', bodyAsPlainText: 'Where is it?',
  mime: 'text/html', contactId: '0000Wa9CAM6W018X', attachments: [],
};
const REPLY = {
  id: '01QG9WAK37H38024', state: 'Composing', uri: `${ROOT}/me/emails/01QG9WAK37H38024`, capabilities: COMPOSING_CAPS, userData: {},
  from: 'info@example.com', to: ['customer@example.com'], cc: [], bcc: [], subject: 'Re: Order 42', body: '', mime: 'text/html', contactId: '0000Wa9CAM6W018X', attachments: [],
};
const ATTACHMENT = { id: '0000Fa92G5HY0J6E', name: 'testfile.dat', size: 46, uri: `${ROOT}/me/emails/01QG9WAK37H38024/attachments/0000Fa92G5HY0J6E`, mime: 'application/octet-stream' };
const EMAIL_CAPS_OF_PAGES = ['Cancel', 'Send', 'AddComment', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'SetInFocus', 'Transfer'];
// EmailCreate 8.5.2, as printed but for the uri's spaces.
const CREATED = { referenceId: 22, notificationType: 'StatusChange', messageType: 'EmailStateChangeMessage', email: { state: 'Composing', id: '01QG9WAK37H38024', capabilities: EMAIL_CAPS_OF_PAGES, uri: 'http://localhost:8080/api/v2/email/01QG9WAK37H38024' } };
// EmailAddAttachment 8.5.2, likewise.
const ATTACHED = {
  referenceId: 40, notificationType: 'AttachmentAdded', messageType: 'EmailStateChangeMessage',
  email: {
    body: 'HelloSave', from: 'GWS@gplus-w2k3-gf80',
    attachments: [{ size: 46, mime: 'application/octet-stream', id: '0000Fa92G5HY0J6E', uri: 'http://localhost:8080/api/v2/email/01QG9WAK37H38027/attachments/0000Fa92G5HY0J6E', name: 'testfile.dat' }],
    uri: 'http://localhost:8080/api/v2/email/01QG9WAK37H38027', capabilities: EMAIL_CAPS_OF_PAGES, to: ['qwerty@gplus-w2k3-gf80'], state: 'Composing', id: '01QG9WAK37H38027', subject: 'Thisisatest',
  },
};
// A real GWS message quoted by a public agent-desktop sample: attributes no page lists, no uri.
const OBSERVED = {
  referenceId: 32, messageType: 'EmailStateChangeMessage', notificationType: 'StatusChange',
  email: {
    state: 'Processing', userData: {}, id: '000XJaBEC1HH000P', receivedDate: '2016-03-15 23:38:42.000+1000', suggestedQueueUris: [], assignedTo: 'voladipo', revelantResponseTemplateGroups: [],
    subject: 'aa', contactId: '0008Va76MGEC000Q', from: 'thompson@demosrv.genesyslab.com', to: ['info@premier.com'], body: '<HTML>aaa</HTML>', mime: 'text/html', bodyAsPlainText: 'aaa', emailType: 'Inbound',
    capabilities: ['Reply', 'ReplyAll', 'Transfer', 'AddComment', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'SetInFocus', 'Complete'],
  },
};
const OM_CAPS = ['Transfer', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetInFocus', 'Complete'];
// OpenMediaAPIAccept 8.5.2 (userData cut short; its Python None left out).
const OM_ACCEPTED = {
  openmedia: {
    userData: { RTargetTypeSelected: '2', RTargetObjectSelected: 'Openmedia', RTargetAgentSelected: 'GWS1', PegAGWorkitems: 2, RStrategyName: 'Promotion' }, receivedDate: '2014-03-26 16:02:22.000+0200',
    uri: 'http://localhost:8080/api/v2/openmedia/promotions/03W07R2K4VAYT010', capabilities: OM_CAPS, state: 'Processing', mediaType: 'promotion', openmediaType: 'Inbound', id: '03W07R2K4VAYT010',
  },
  referenceId: 6, notificationType: 'StatusChange', messageType: 'OpenmediaStateChangeMessage',
};
// OpenMediaAPICreate 8.5.2.
const OM_CREATED = {
  openmedia: { state: 'Processing', capabilities: OM_CAPS, id: '03W0GH2KD56YV000', mediaType: 'promotion', openmediaType: 'Outbound', uri: 'http://localhost:8090/api/v2/openmedia/promotions/03W0GH2KD56YV000' },
  referenceId: 1, notificationType: 'StatusChange', messageType: 'OpenmediaStateChangeMessage',
};
// OpenMediaAPIReject 8.5.2.
const OM_REJECTED = {
  openmedia: { userData: { PegAGopenmedias: 1, RStrategyName: 'Openmedia' }, receivedDate: '2014-03-26 16:02:22.000+0200', uri: 'http://localhost:8080/api/v2/openmedia/promotions/03W07R2K4VAYT011', capabilities: [], state: 'Completed', mediaType: 'promotion', openmediaType: 'Inbound', id: '03W07R2K4VAYT011' },
  referenceId: 6, notificationType: 'StatusChange', messageType: 'OpenmediaStateChangeMessage',
};
// The decided wire format of a workitem offered to the agent.
const WORKITEM = { id: '03W07R2K4VAYT099', state: 'Invited', mediaType: 'workitem', openmediaType: 'Inbound', uri: `${ROOT}/openmedia/workitems/03W07R2K4VAYT099`, capabilities: ['Accept', 'Reject'], userData: {}, receivedDate: '2024-01-09 11:58:12.035+0200' };

describe('the decided wire format and the documented samples of the Email and Open Media pages validate', () => {
  const cases: [string, string, unknown][] = [
    ['wire: Accept, StatusChange to Processing', EMAIL_MESSAGE, emails({ messageType: 'EmailStateChangeMessage', notificationType: 'StatusChange', referenceId: 2, email: INBOUND })],
    ['wire: Reply, a new email in Composing', EMAIL_MESSAGE, emails({ messageType: 'EmailStateChangeMessage', notificationType: 'StatusChange', referenceId: 3, email: REPLY })],
    ['wire: Save, EmailSaved', EMAIL_MESSAGE, emails({ messageType: 'EmailStateChangeMessage', notificationType: 'EmailSaved', referenceId: 38, email: { ...REPLY, to: ['a@example.com', 'b@example.com'], subject: 'HelloEmail' } })],
    ['wire: AddAttachment, AttachmentAdded', EMAIL_MESSAGE, emails({ messageType: 'EmailStateChangeMessage', notificationType: 'AttachmentAdded', referenceId: 40, email: { ...REPLY, attachments: [ATTACHMENT] } })],
    ['wire: Cancel, Canceled with no capability', EMAIL_MESSAGE, emails({ messageType: 'EmailStateChangeMessage', notificationType: 'StatusChange', referenceId: 31, email: { ...REPLY, state: 'Canceled', capabilities: [] } })],
    ['EmailCreate 8.5.2, uri without the spaces', EMAIL_MESSAGE, emails(CREATED)],
    ['EmailAddAttachment 8.5.2, uris without the spaces', EMAIL_MESSAGE, emails(ATTACHED)],
    ['EmailCancel latest, uri without the spaces', EMAIL_MESSAGE, emails({ referenceId: 31, notificationType: 'StatusChange', messageType: 'EmailStateChangeMessage', email: { state: 'Canceled', id: '01QG9WAK37H38025', capabilities: [], uri: 'http://localhost:8080/api/v2/email/01QG9WAK37H38025' } })],
    ['a real message with attributes no page lists, and no uri', EMAIL_MESSAGE, emails(OBSERVED)],
    ['any email message is a GWS notification', notification('message'), emails(CREATED)],
    ['OpenMediaAPIAccept 8.5.2', OPENMEDIA_MESSAGE, openmedia(OM_ACCEPTED)],
    ['OpenMediaAPICreate 8.5.2', OPENMEDIA_MESSAGE, openmedia(OM_CREATED)],
    ['OpenMediaAPIReject 8.5.2', OPENMEDIA_MESSAGE, openmedia(OM_REJECTED)],
    ['OpenMediaAPIAttachUD 8.5.2', OPENMEDIA_MESSAGE, openmedia({ ...OM_ACCEPTED, openmedia: { ...OM_ACCEPTED.openmedia, userData: { ...OM_ACCEPTED.openmedia.userData, UserData1: 'DATA1', UserData2: 123456789 } }, referenceId: 7, notificationType: 'PropertiesUpdated' })],
    ['OpenMediaAPIMessageType latest (printed with the data wrapper)', OPENMEDIA_MESSAGE, { channel: '/v2/me/openmedia', data: OM_CREATED }],
    ['wire: a workitem offered', OPENMEDIA_MESSAGE, openmedia({ messageType: 'OpenmediaStateChangeMessage', notificationType: 'StatusChange', openmedia: WORKITEM })],
    ['any open-media message is a GWS notification', notification('message'), openmedia(OM_CREATED)],
    ['EmailCreate request', requestOf('post-me-emails'), { operationName: 'Create', queueUri: 'http://localhost:8080/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d' }],
    ['Create with parentId and userData', requestOf('post-me-emails'), { operationName: 'Create', queueUri: `${ROOT}/queues/q1`, parentId: '000XJaBEC1HH000P', userData: { key: 'value' } }],
    ['EmailAccept request', requestOf('post-me-emails-id'), { operationName: 'Accept' }],
    ['Accept with saveLAR', requestOf('post-me-emails-id'), { operationName: 'Accept', saveLAR: true }],
    ['EmailReject request', requestOf('post-me-emails-id'), { operationName: 'Reject' }],
    ['EmailReply request', requestOf('post-me-emails-id'), { operationName: 'Reply', queueUri: 'http://localhost:8080/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d' }],
    ['ReplyAll with every parameter of its table', requestOf('post-me-emails-id'), { operationName: 'ReplyAll', queueUri: `${ROOT}/queues/q1`, body: '<p>Hi</p>', bodyAsPlainText: 'Hi', mime: 'text/html', userData: { a: 1 }, subjectPrefix: 'Re: ', replyToStartLine: 'You wrote:', quoteOriginal: true, indentCharacter: '>' }],
    ['EmailSave request', requestOf('post-me-emails-id'), { operationName: 'Save', email: { body: 'Feelslikegood.', to: ['qwerty@gplus-w2k3-gf80', 'bruce.one@witcher.xyz'], from: 'GWS@gplus-w2k3-gf80', subject: 'HelloEmail' } }],
    ['EmailSend request', requestOf('post-me-emails-id'), { operationName: 'Send', queueName: 'Forwarde-mails', email: { body: 'Feelslikegood.', to: ['qwerty@gplus-w2k3-gf80', 'bruce.one@witcher.xyz'], from: 'htcc@gplus-w2k3-gf80', subject: 'HelloEmail', cc: ['alan.key@bestbuy.com'], bcc: ['brad.johnson@bestbuy.com'] } }],
    ['EmailCancel request', requestOf('post-me-emails-id'), { operationName: 'Cancel' }],
    ['EmailComplete request', requestOf('post-me-emails-id'), { operationName: 'Complete' }],
    ['EmailComplete to a queue', requestOf('post-me-emails-id'), { operationName: 'Complete', queueName: 'PostProcessingQueue' }],
    ['EmailTransfer to an agent (the page prints [host])', requestOf('post-me-emails-id'), { operationName: 'Transfer', userUri: 'http://localhost:8080/api/v2/users/e62d21e405a04274bd6bbcaf78bd8c38' }],
    ['EmailTransfer to a queue', requestOf('post-me-emails-id'), { operationName: 'Transfer', queueName: 'test-queue' }],
    ['EmailAttachUserData request', requestOf('post-me-emails-id'), { operationName: 'AttachUserData', userData: { UserData1: 'DATA1', UserData2: 123456789 } }],
    ['EmailDeleteUserData request (its sample\'s keys)', requestOf('post-me-emails-id'), { operationName: 'DeleteUserData', keys: ['UserData1'] }],
    ['EmailSetDisposition request (single quotes read as JSON)', requestOf('post-me-emails-id'), { operationName: 'SetDisposition', dispositionKey: 'DispositionCode', disposition: 'IssueResolved' }],
    ['EmailAddAttachment request', requestOf('post-me-emails-id'), { operationName: 'AddAttachment', documentId: '0000Fa92G5HY0J6E' }],
    ['AddAttachment with size, name and mime', requestOf('post-me-emails-id'), { operationName: 'AddAttachment', documentId: '0000Fa92G5HY0J6E', size: 46, name: 'testfile.dat', mime: 'application/octet-stream' }],
    ['OpenMediaAPICreate request', requestOf('post-me-openmedia-mediatype'), { operationName: 'Create', queueUri: 'http://localhost:8090/api/v2/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d' }],
    ['OpenMediaAPIAccept request', requestOf('post-me-openmedia-mediatype-id'), { operationName: 'Accept' }],
    ['OpenMediaAPIReject request', requestOf('post-me-openmedia-mediatype-id'), { operationName: 'Reject' }],
    ['OpenMediaAPIAttachUD request', requestOf('post-me-openmedia-mediatype-id'), { operationName: 'AttachUserData', userData: { UserData1: 'DATA1', UserData2: 123456789 } }],
    ['OpenMediaAPITransfer request', requestOf('post-me-openmedia-mediatype-id'), { operationName: 'Transfer', targetUri: 'http://localhost:8080/api/v2/contacts/8f24c3856f0c4639acf94d279f34698d' }],
    ['open-media Complete and DeleteUserData', requestOf('post-me-openmedia-mediatype-id'), { operationName: 'DeleteUserData', keys: ['UserData1'] }],
  ];
  it.each(cases)('%s', (_name, schemaId, value) => {
    expect(summary(contracts.validate(schemaId, value))).toEqual([]);
  });

  it('the answers as the pages print them, and the collections as the wire carries them', () => {
    for (const [id, body] of [
      ['get-me-emails', { statusCode: 0, emails: [INBOUND, REPLY, OBSERVED.email] }],
      ['get-me-emails', { statusCode: 0, uris: [INBOUND.uri, REPLY.uri] }],
      ['get-me-emails', { statusCode: 0, emails: [] }],
      ['post-me-emails', { statusCode: 0 }],
      ['post-me-emails-id', { statusCode: 0 }],
      ['post-me-emails-id', { statusCode: 0, referenceId: 3 }],
      ['get-me-openmedia-mediatype', { statusCode: 0, openmedia: [WORKITEM, OM_CREATED.openmedia] }],
      ['get-me-openmedia-mediatype', { statusCode: 0, uris: [WORKITEM.uri] }],
      ['post-me-openmedia-mediatype', { statusCode: 0, referenceId: 1 }],
      ['post-me-openmedia-mediatype-id', { statusCode: 0, referenceId: 6 }],
    ] as const) {
      expect(contracts.judge(byId(id), observed(body)).violations, `${id} ${JSON.stringify(body)}`).toEqual([]);
    }
    // A media type the server does not know, or an item that is not there: 6, a documented answer.
    const unknown = observed({ statusCode: 6, statusMessage: 'No such media type: fax' });
    expect(contracts.judge(byId('post-me-openmedia-mediatype-id'), unknown, { expectStatusCodes: 'any' }).violations).toEqual([]);
    expect(contracts.judge(byId('get-me-openmedia-mediatype'), unknown, { expectStatusCodes: 'any' }).violations).toEqual([]);
  });
});

describe('documentation slips of the email and open-media pages grade as drift, never a crash or a silent pass', () => {
  it('EmailCancel prints {"status":0}: no statusCode breaks the envelope', () => {
    const verdict = contracts.judge(byId('post-me-emails-id'), observed({ status: 0 }));
    expect(verdict).toMatchObject({ ok: false, outcome: 'schema_violation', statusCode: null });
    expect(verdict.violations.map((v) => `${v.kind} ${v.keyword} ${v.grade}`)).toContain('envelope required breaking');
  });

  it('an answer without statusCode breaks the envelope, a list of emails too', () => {
    const verdict = contracts.judge(byId('get-me-emails'), observed({ emails: [INBOUND] }));
    expect(verdict).toMatchObject({ ok: false, statusCode: null });
    expect(verdict.violations.map((v) => `${v.kind} ${v.keyword} ${v.grade}`)).toContain('envelope required breaking');
    // An open-media answer without the referenceId every page prints breaks too.
    expect(contracts.judge(byId('post-me-openmedia-mediatype-id'), observed({ statusCode: 0 })).ok).toBe(false);
  });

  it('the notification uri with the pages\' spaces ("http: //localhost: 8080/api/v2/email/...") is not a URI: it breaks', () => {
    const printed = { ...CREATED, email: { ...CREATED.email, uri: 'http: //localhost: 8080/api/v2/email/01QG9WAK37H38024' } };
    const violations = contracts.validate(EMAIL_MESSAGE, emails(printed));
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.grade === 'breaking' && v.pointer === '/data/email/uri')).toBe(true);
    // An attachment's uri likewise.
    const attached = { ...ATTACHED, email: { ...ATTACHED.email, attachments: [{ ...ATTACHED.email.attachments[0], uri: 'http: //localhost: 8080/api/v2/email/01QG9WAK37H38027/attachments/0000Fa92G5HY0J6E' }] } };
    expect(contracts.validate(EMAIL_MESSAGE, emails(attached)).every((v) => v.grade === 'breaking' && v.pointer === '/data/email/attachments/0/uri')).toBe(true);
  });

  it('to, cc and bcc are lists: an address as a string (the tables\' "comma delimited") breaks', () => {
    expect(summary(contracts.validate(EMAIL_MESSAGE, emails({ ...CREATED, email: { ...REPLY, to: 'customer@example.com' } })))).toEqual(['breaking type /data/email/to']);
    expect(summary(contracts.validate(EMAIL_MESSAGE, emails({ ...CREATED, email: { ...REPLY, cc: 'a@example.com,b@example.com' } })))).toEqual(['breaking type /data/email/cc']);
    expect(contracts.validate(requestOf('post-me-emails-id'), { operationName: 'Save', email: { to: 'a@example.com', from: 'b@example.com' } })).not.toEqual([]);
  });

  it('EmailResource prints a sample that is no JSON (missing commas, userData as pairs in an array): as a body it is an http_error', () => {
    const printed = '{"statusCode":0,"emails":[{ "id": "FEWOIFWJ3243224", "state": "Processing", "subject": "Customer Service" "body": "", "userData": [ "key": "value" ] }]}';
    expect(() => JSON.parse(printed) as unknown).toThrow();
    const verdict = contracts.judge(byId('get-me-emails'), observed(undefined, printed));
    expect(verdict).toMatchObject({ ok: false, outcome: 'http_error' });
    expect(verdict.violations[0]?.message).toMatch(/^response body is not JSON/);
  });

  it('EmailResource prints an attachment size "" and relative uris: a string size breaks, so does a relative uri', () => {
    const resource = { ...INBOUND, uri: '/api/v2/me/emails/FEWOIFWJ3243224', attachments: [{ id: 'JIFOJWEF342423', name: 'a.txt', size: '', uri: '/emails/FEWOIFWJ3243224/attachments/JIFOJWEF342423', mime: 'text/plain' }] };
    const found = summary(contracts.validate(`${SCHEMA_BASE}common/email.json`, resource));
    expect(found).toEqual(expect.arrayContaining(['breaking type /attachments/0/size', 'breaking pattern /uri', 'breaking pattern /attachments/0/uri']));
    expect(found.every((line) => line.startsWith('breaking '))).toBe(true);
  });

  it('a sample printed without the data wrapper and the channel breaks the message shape', () => {
    expect(summary(contracts.validate(EMAIL_MESSAGE, CREATED))).toEqual(['breaking required /channel', 'breaking required /data']);
    expect(summary(contracts.validate(OPENMEDIA_MESSAGE, OM_ACCEPTED))).toEqual(['breaking required /channel', 'breaking required /data']);
    // EmailAccept names the topic /v2/me/interactions/: a message there is not an EmailStateChangeMessage of the contract.
    expect(summary(contracts.validate(EMAIL_MESSAGE, { channel: '/v2/me/interactions', data: CREATED }))).toEqual(['breaking const /channel']);
  });

  it('the ReplyAll sample ({"operationName":"Reply","queueName":"Forwarde-mails"}) and other bodies an operation does not take are refused', () => {
    const request = requestOf('post-me-emails-id');
    for (const body of [
      { operationName: 'Reply', queueName: 'Forwarde-mails' },
      { operationName: 'ReplyAll', queueName: 'Forwarde-mails' },
      { operationName: 'Reply' },
      { operationName: 'Save' },
      { operationName: 'Save', email: { to: ['a@example.com'] } },
      { operationName: 'Send' },
      { operationName: 'Transfer' },
      { operationName: 'Transfer', userUri: 'http://[host]/api/v2/users/e62d21e405a04274bd6bbcaf78bd8c38' },
      { operationName: 'DeleteUserData', userData: { UserData1: 'x' } },
      { operationName: 'AddAttachment' },
      { operationName: 'AddAttachment', documentId: 'd', size: '46' },
      { operationName: 'Accept', queueUri: `${ROOT}/queues/q1` },
      { operationName: 'Cancel', email: { to: ['a@example.com'], from: 'b@example.com' } },
      { operationName: 'Create', queueUri: `${ROOT}/queues/q1` },
      { operationName: 'AddComment' },
    ]) {
      expect(contracts.validate(request, body), JSON.stringify(body)).not.toEqual([]);
    }
    expect(contracts.validate(requestOf('post-me-emails'), { operationName: 'Create' })).not.toEqual([]);
    expect(contracts.validate(requestOf('post-me-emails'), { operationName: 'Create', queueUri: 'queues/q1' })).not.toEqual([]);
    const om = requestOf('post-me-openmedia-mediatype-id');
    for (const body of [{ operationName: 'Transfer' }, { operationName: 'Transfer', queueName: 'q' }, { operationName: 'Complete', saveLAR: true }, { operationName: 'Reply' }]) {
      expect(contracts.validate(om, body), JSON.stringify(body)).not.toEqual([]);
    }
  });

  it('the state rules hold: a Completed or Canceled email and a Completed item offer nothing; new states and capabilities are additive', () => {
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/email.json`, { id: 'e', state: 'Canceled', capabilities: ['Send'] }))).toEqual(['breaking maxItems /capabilities']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/email.json`, { id: 'e', state: 'Completed', capabilities: ['Reply'] }))).toEqual(['breaking maxItems /capabilities']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/openmedia.json`, { id: 'o', state: 'Completed', mediaType: 'workitem', capabilities: ['Complete'] }))).toEqual(['breaking maxItems /capabilities']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/email.json`, { id: 'e', state: 'Forwarding', capabilities: ['Forward'] }))).toEqual(['additive enum /state', 'additive enum /capabilities/0']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/openmedia.json`, { id: 'o', state: 'Parked', mediaType: 'workitem', openmediaType: 'Internal' }))).toEqual(['additive enum /state', 'additive enum /openmediaType']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/openmedia.json`, { id: 'o', state: 'Invited' }))).toEqual(['breaking required /mediaType']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/openmedia.json`, { ...WORKITEM, receivedDate: 'yesterday' }))).toEqual(['breaking pattern /receivedDate']);
    expect(summary(contracts.validate(EMAIL_MESSAGE, emails({ ...CREATED, notificationType: 'CommentAdded' })))).toEqual(['additive enum /data/notificationType']);
  });

  it('open media: the pages\' plural uri (.../openmedia/promotions/<id>) and the wire\'s both hold; another resource\'s uri breaks', () => {
    for (const uri of ['http://localhost:8080/api/v2/openmedia/promotions/03W07R2K4VAYT010', `${ROOT}/openmedia/workitems/x`, `${ROOT}/me/openmedia/workitem/x`]) {
      expect(contracts.validate(`${SCHEMA_BASE}common/openmedia.json`, { ...WORKITEM, uri }), uri).toEqual([]);
    }
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/openmedia.json`, { ...WORKITEM, uri: `${ROOT}/chats/x` }))).toEqual(['breaking pattern /uri']);
  });
});

describe('email and open-media catalog', () => {
  it('lists the Email and Open Media endpoints once each, tagged by medium and multimedia', () => {
    expect(EMAIL_CATALOG.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /me/emails', 'POST /me/emails', 'POST /me/emails/{id}', 'GET /me/openmedia/{mediaType}', 'POST /me/openmedia/{mediaType}', 'POST /me/openmedia/{mediaType}/{id}',
    ]);
    for (const o of EMAIL_CATALOG) {
      const medium = o.path.startsWith('/me/emails') ? 'email' : 'openmedia';
      expect(CATALOG.filter((c) => c.id === o.id), o.id).toEqual([o]);
      expect(o.tags, o.id).toEqual(expect.arrayContaining([medium, 'multimedia']));
      // Whatever addresses one email or item needs one first.
      expect(o.tags.includes(NEEDS_EMAIL), o.id).toBe(medium === 'email' && o.path.includes('{id}'));
      expect(o.tags.includes(NEEDS_OPENMEDIA), o.id).toBe(medium === 'openmedia' && o.path.includes('{id}'));
      expect(o.summary, o.id).toMatch(/\[[^\]]+\]$/);
      expect(o.identity, o.id).toBe('user');
      // {mediaType} is the example's, the same for the item's id source as for the item.
      if (pathParams(o.path).includes('mediaType')) expect(o.example.params, o.id).toEqual({ mediaType: EXAMPLE_MEDIA_TYPE });
      for (const source of Object.values(o.paramSources ?? {})) {
        const from = byId(source.operation);
        expect(pathParams(from.path).every((p) => from.example.params?.[p] === o.example.params?.[p]), `${o.id} ← ${from.id}`).toBe(true);
      }
    }
    const ids = new Set(contracts.schemaIds());
    for (const id of EMAIL_NOTIFICATION_SCHEMAS) expect(ids.has(id), id).toBe(true);
  });

  it('names, for every operationName of the request schemas, the message that shows its outcome', () => {
    // The operationNames each request schema allows, as written in it.
    const schemas = contractSources().schemas;
    const operationNames = (id: string): string[] => {
      const file = schemas.get(requestOf(id)) as { properties: { operationName: { enum: string[] } } } | undefined;
      return file?.properties.operationName.enum ?? [];
    };
    expect([...operationNames('post-me-emails'), ...operationNames('post-me-emails-id')].sort()).toEqual(Object.keys(EMAIL_OUTCOMES).sort());
    expect([...operationNames('post-me-openmedia-mediatype'), ...operationNames('post-me-openmedia-mediatype-id')].sort()).toEqual(Object.keys(OPENMEDIA_OUTCOMES).sort());
    for (const [table, topic, schema, item] of [[EMAIL_OUTCOMES, '/v2/me/emails', EMAIL_MESSAGE, 'email'], [OPENMEDIA_OUTCOMES, '/v2/me/openmedia', OPENMEDIA_MESSAGE, 'openmedia']] as const) {
      for (const [name, outcome] of Object.entries(table)) {
        expect(outcome.topic, name).toBe(topic);
        expect(outcome.schema, name).toBe(schema);
        expect(EMAIL_NOTIFICATION_SCHEMAS, name).toContain(outcome.schema);
        // The notificationType is one the message's schema knows.
        const message = { channel: topic, data: { messageType: item === 'email' ? 'EmailStateChangeMessage' : 'OpenmediaStateChangeMessage', notificationType: outcome.notificationType, [item]: item === 'email' ? REPLY : WORKITEM } };
        expect(summary(contracts.validate(schema, message)), name).toEqual([]);
      }
    }
    expect(EMAIL_OUTCOMES['Reply']).toMatchObject({ notificationType: 'StatusChange', shows: { pointer: '/state', value: 'Composing' } });
    expect(EMAIL_OUTCOMES['Create']).toEqual(EMAIL_OUTCOMES['ReplyAll']);
    expect(OPENMEDIA_OUTCOMES['Create']).toMatchObject({ shows: { pointer: '/state', value: 'Processing' } });
  });

  it('an outcome takes its value from the request, a member of an object parameter too', () => {
    const outcome = (name: string): ExpectedOutcome => {
      const found = EMAIL_OUTCOMES[name];
      if (found === undefined) throw new Error(`no email outcome ${name}`);
      return found;
    };
    const save = { operationName: 'Save', email: { to: ['a@example.com'], from: 'b@example.com', subject: 'HelloEmail' } };
    expect(outcomeOfRequest(outcome('Save'), save).shows).toEqual({ pointer: '/subject', value: 'HelloEmail' });
    expect(outcomeOfRequest(outcome('Save'), { operationName: 'Save', email: { to: ['a@example.com'], from: 'b@example.com' } }).shows).toBeUndefined();
    expect(outcomeOfRequest(outcome('AddAttachment'), { operationName: 'AddAttachment', documentId: 'D1' }).shows).toEqual({ pointer: '/attachments/0/id', value: 'D1' });
    expect(outcomeOfRequest(outcome('SetDisposition'), { operationName: 'SetDisposition', disposition: 'IssueResolved', dispositionKey: 'DispositionCode' }).shows).toEqual({ pointer: '/userData/DispositionCode', value: 'IssueResolved' });
  });
});

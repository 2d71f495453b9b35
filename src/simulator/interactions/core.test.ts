import { describe, expect, it } from 'vitest';
import { createInteractionCore, createReferenceCounter, offeredOperations, type ReferenceCounter } from './core.ts';
import { accept, requiredText } from './requests.ts';
import type { MediumTable, Published } from './types.ts';
import { userDataRules } from './user-data.ts';

// A medium made up for the test, to show that a medium is a table: a work item is offered, worked,
// then done; Note adds a line to it.
type State = 'Offered' | 'Working' | 'Done';
interface Detail {
  readonly notes: string[];
}
type Event = { readonly type: string; readonly state: State; readonly userData: Readonly<Record<string, unknown>> } | { readonly type: 'note'; readonly text: string };

const table: MediumTable<State, Detail, Event> = {
  noun: 'work item',
  states: ['Offered', 'Working', 'Done'],
  finished: ['Done'],
  changed: (item, type) => ({ type, state: item.state, userData: { ...item.userData } }),
  operations: {
    Accept: { validIn: ['Offered'], leadsTo: 'Working', answerShowsReference: true, prepare: () => accept(() => undefined) },
    Note: {
      validIn: ['Working'],
      prepare: (body) => {
        const text = requiredText(body, 'text');
        return text.ok ? accept((item, context) => { item.detail.notes.push(text.command); context.publish({ type: 'note', text: text.command }); }) : text;
      },
    },
    Finish: { validIn: ['Working'], leadsTo: 'Done', prepare: () => accept(() => undefined) },
    ...userDataRules<State, Detail, Event>({ validIn: ['Working'], notificationType: 'PropertiesUpdated', dispositionKey: 'Disposition' }, (item, type) => table.changed(item, type)),
  },
};

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

function harness(references: ReferenceCounter = createReferenceCounter()) {
  const queue: (() => void)[] = [];
  const published: Published<Event>[] = [];
  const core = createInteractionCore({ table, scheduler: { defer: (task) => queue.push(task) }, publish: (p) => published.push(p), references });
  const flush = (): void => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) task();
  };
  const open = (userId = A, id = 'w1') => core.open({ id, userId, state: 'Offered', userData: {}, detail: { notes: [] } });
  return { core, flush, published, open };
}

describe('the interaction core', () => {
  it('offers the operations valid in the state, user-data operations included, in the table order', () => {
    const { core, open, flush } = harness();
    const item = open();
    expect(core.capabilities(item)).toEqual(['Accept']);
    core.operate(A, 'w1', { operationName: 'Accept' });
    flush();
    expect(core.capabilities(item)).toEqual(['Note', 'Finish', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition']);
    core.operate(A, 'w1', { operationName: 'Finish' });
    flush();
    expect(core.capabilities(item)).toEqual([]);
    expect(offeredOperations(table, item, 'Offered')).toEqual(['Accept']);
  });

  it('answers at once and applies after the scheduler runs, announcing the new state with the referenceId', () => {
    const { core, open, flush, published } = harness();
    const item = open();
    expect(core.operate(A, 'w1', { operationName: 'Accept' })).toEqual({ statusCode: 0, referenceId: 1 });
    expect(item.state).toBe('Offered');
    expect(published).toEqual([]);
    flush();
    expect(item.state).toBe('Working');
    expect(published).toEqual([{ userId: A, referenceId: 1, event: { type: 'StatusChange', state: 'Working', userData: {} } }]);
    // Without a referenceId on its page, the answer is exactly {"statusCode":0}; the notification still carries it.
    expect(core.operate(A, 'w1', { operationName: 'Note', text: 'hello' })).toEqual({ statusCode: 0 });
    flush();
    expect(published.at(-1)).toEqual({ userId: A, referenceId: 2, event: { type: 'note', text: 'hello' } });
    expect(item.detail.notes).toEqual(['hello']);
  });

  it('judges an operation against the state the operations already accepted lead to', () => {
    const { core, open, flush } = harness();
    open();
    expect(core.operate(A, 'w1', { operationName: 'Accept' })).toMatchObject({ statusCode: 0 });
    expect(core.operate(A, 'w1', { operationName: 'Finish' })).toEqual({ statusCode: 0 });
    expect(core.operate(A, 'w1', { operationName: 'Accept' })).toMatchObject({ statusCode: 2 });
    flush();
    expect(core.get(A, 'w1')?.state).toBe('Done');
  });

  it('refuses with the documented statusCodes: 6 unknown id, 1 missing, 2 unknown or not valid now, 10 malformed', () => {
    const { core, open } = harness();
    open();
    expect(core.operate(A, 'nope', { operationName: 'Accept' })).toEqual({ statusCode: 6, statusMessage: 'work item nope not found' });
    expect(core.operate(B, 'w1', { operationName: 'Accept' })).toMatchObject({ statusCode: 6 });
    expect(core.operate(A, 'w1', {})).toEqual({ statusCode: 1, statusMessage: 'operationName is missing' });
    expect(core.operate(A, 'w1', { operationName: 'Dance' })).toMatchObject({ statusCode: 2 });
    expect(core.operate(A, 'w1', { operationName: 'Finish' })).toEqual({
      statusCode: 2,
      statusMessage: 'Finish is not valid for a work item in state Offered (offered: Accept)',
    });
  });

  it('checks parameters before answering, and accepts nothing it refused', () => {
    const { core, open, flush, published } = harness();
    open();
    core.operate(A, 'w1', { operationName: 'Accept' });
    flush();
    const before = published.length;
    expect(core.operate(A, 'w1', { operationName: 'Note' })).toEqual({ statusCode: 1, statusMessage: 'text is missing' });
    expect(core.operate(A, 'w1', { operationName: 'Note', text: 7 })).toMatchObject({ statusCode: 10 });
    expect(core.operate(A, 'w1', { operationName: 'AttachUserData' })).toMatchObject({ statusCode: 1 });
    expect(core.operate(A, 'w1', { operationName: 'AttachUserData', userData: 'x' })).toMatchObject({ statusCode: 10 });
    expect(core.operate(A, 'w1', { operationName: 'DeleteUserData', keys: [] })).toMatchObject({ statusCode: 10 });
    expect(core.operate(A, 'w1', { operationName: 'SetDisposition' })).toMatchObject({ statusCode: 1 });
    flush();
    expect(published).toHaveLength(before);
  });

  it('handles user data and the disposition the same way for every medium, announced with the referenceId', () => {
    const { core, open, flush, published } = harness();
    const item = open();
    core.operate(A, 'w1', { operationName: 'Accept' });
    core.operate(A, 'w1', { operationName: 'AttachUserData', userData: { a: 1, b: 'x' } });
    core.operate(A, 'w1', { operationName: 'UpdateUserData', userData: [{ key: 'a', type: 'int', value: 2 }] });
    core.operate(A, 'w1', { operationName: 'DeleteUserData', keys: ['b'] });
    core.operate(A, 'w1', { operationName: 'SetDisposition', disposition: 'Resolved' });
    core.operate(A, 'w1', { operationName: 'SetDisposition', disposition: 'Sold', dispositionKey: 'Outcome' });
    flush();
    expect(item.userData).toEqual({ a: 2, Disposition: 'Resolved', Outcome: 'Sold' });
    expect(published.slice(1).map((p) => [p.referenceId, p.event.type])).toEqual([
      [2, 'PropertiesUpdated'], [3, 'PropertiesUpdated'], [4, 'PropertiesUpdated'], [5, 'PropertiesUpdated'], [6, 'PropertiesUpdated'],
    ]);
  });

  it('counts referenceIds per user, across the cores that share the counter', () => {
    const references = createReferenceCounter();
    const one = harness(references);
    const two = harness(references);
    one.open(A, 'w1');
    two.open(A, 'w2');
    one.open(B, 'w3');
    expect(one.core.operate(A, 'w1', { operationName: 'Accept' })).toEqual({ statusCode: 0, referenceId: 1 });
    expect(two.core.operate(A, 'w2', { operationName: 'Accept' })).toEqual({ statusCode: 0, referenceId: 2 });
    expect(one.core.operate(B, 'w3', { operationName: 'Accept' })).toEqual({ statusCode: 0, referenceId: 1 });
  });

  it('keeps a finished interaction readable: out of the owner\'s list, refused with 2 rather than 6', () => {
    const { core, open, flush } = harness();
    open();
    core.operate(A, 'w1', { operationName: 'Accept' });
    expect(core.owned(A).map((i) => i.id)).toEqual(['w1']);
    core.operate(A, 'w1', { operationName: 'Finish' });
    flush();
    expect(core.owned(A)).toEqual([]);
    expect(core.owned(A, true).map((i) => i.id)).toEqual(['w1']);
    expect(core.operate(A, 'w1', { operationName: 'Note', text: 'late' })).toMatchObject({ statusCode: 2 });
  });

  it('forgets the oldest finished interactions, never one offered again since', () => {
    const queue: (() => void)[] = [];
    const core = createInteractionCore({ table, scheduler: { defer: (task) => queue.push(task) }, publish: () => undefined, references: createReferenceCounter(), finishedKept: 1 });
    const open = (id: string) => core.open({ id, userId: A, state: 'Offered', userData: {}, detail: { notes: [] } });
    core.transition(open('w1'), 'Done');
    const again = open('w1');
    core.transition(open('w2'), 'Done');
    core.transition(open('w3'), 'Done');
    expect(core.get(A, 'w1')).toBe(again);
    expect(core.get(A, 'w2')).toBeUndefined();
    expect(core.get(A, 'w3')?.state).toBe('Done');
  });

  it('reports an operation whose state went away before it applied as an Error, and changes nothing', () => {
    const { core, open, flush, published } = harness();
    const item = open();
    core.operate(A, 'w1', { operationName: 'Accept' });
    core.transition(item, 'Done');
    flush();
    expect(item.state).toBe('Done');
    expect(published.map((p) => [p.event.type, p.referenceId])).toEqual([['StatusChange', undefined], ['Error', 1]]);
  });
});

import type { TestContext } from 'vitest';
import { expandPath, resolveParams, type Operation } from '../../contracts/index.ts';
import { sendExample } from './examples.ts';
import type { Gate } from './harness.ts';
import { asJson, type Json } from './interaction-flow.ts';
import { NO_MEDIA_TYPE_REASON, NO_QUEUE_REASON, createEmail, createOpenmedia, openMultimediaFlow, openmediaTypeOf, operateEmail, operateOpenmedia } from './multimedia-flow.ts';
import { withMultimediaRestored } from './multimedia-restore.ts';

type Test = TestContext['task'];

/** Why a catalog example of the Email or Open Media API cannot run on this target, or undefined. */
export function cannotRunMultimediaExample(gate: Gate, operation: Operation): string | undefined {
  const openmedia = operation.path.startsWith('/me/openmedia/');
  if (openmedia && openmediaTypeOf(gate) === undefined) return NO_MEDIA_TYPE_REASON;
  // Every example but the reads creates its item, in a queue.
  if (!operation.readOnly && gate.context.target.queueUri === undefined) return NO_QUEUE_REASON;
  return undefined;
}

/**
 * A catalog example of the Email or Open Media API, on the target's own queue and media type: a
 * Create awaited to its outcome; an operation on one item run on an item the example creates first
 * (never another item the agent has); everything it made closed afterwards.
 */
export async function runMultimediaExample(gate: Gate, task: Test, operation: Operation): Promise<void> {
  const queueUri = gate.context.target.queueUri ?? '';
  const mediaType = openmediaTypeOf(gate) ?? '';
  const body: Json = { ...(asJson(operation.example.body) ?? {}), ...(asJson(operation.example.body)?.['queueUri'] === undefined ? {} : { queueUri }) };
  if (operation.readOnly) {
    // A read makes nothing to close: the list of the target's media type, as any reader sees it.
    const params = await resolveParams({ ...operation, example: { ...operation.example, params: { ...operation.example.params, ...(mediaType === '' ? {} : { mediaType }) } } }, () => Promise.reject(new Error(`${operation.id}: no item to address`)));
    const exchange = await sendExample(gate, operation, gate.user, { path: expandPath(operation, params) });
    gate.expect(task, operation, exchange, { request: operation.example });
    return;
  }
  await withMultimediaRestored(gate, task, async () => {
    const flow = await openMultimediaFlow(gate, task, operation);
    try {
      switch (`${operation.method} ${operation.path}`) {
        case 'POST /me/emails':
          await createEmail(flow, queueUri);
          return;
        case 'POST /me/emails/{id}':
          await operateEmail(flow, await createEmail(flow, queueUri), body);
          return;
        case 'POST /me/openmedia/{mediaType}':
          await createOpenmedia(flow, mediaType, queueUri);
          return;
        case 'POST /me/openmedia/{mediaType}/{id}':
          await operateOpenmedia(flow, mediaType, await createOpenmedia(flow, mediaType, queueUri), body);
          return;
        default:
          throw new Error(`${operation.id}: no way to run this example of the Email or Open Media API`);
      }
    } finally {
      await flow.close();
    }
  });
}

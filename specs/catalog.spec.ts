// Positive contracts: every catalog entry, sent as its example with its own identity, answers per its schema.
import { test } from 'vitest';
import type { Operation } from '../src/contracts/index.ts';
import { NEEDS_CALL, NEEDS_CHAT } from '../src/contracts/outcomes.ts';
import { LOGGED_OUT, NO_ADMIN_REASON, NO_CONTACT_CENTER_REASON, exampleRequest, expectChangeShown, moveAgentTo, sendExample, useGate } from '../src/gate/kit/index.ts';
import { dialTestNumber, openCallFlow, runCallExample, withCallsRestored } from '../src/gate/kit/calls.ts';
import { runChatExample, withChatsRestored } from '../src/gate/kit/chats.ts';
import { cannotRunMultimediaExample, runMultimediaExample } from '../src/gate/kit/multimedia.ts';

const gate = useGate();

function tagsOf(operation: Operation): string[] {
  return ['positive', ...operation.tags];
}

for (const operation of gate.contracts.catalog) {
  test(`${operation.id}: answers ${operation.method} ${operation.path} as the catalog says`, { tags: tagsOf(operation) }, async ({ task, skip }) => {
    const session = gate.sessionFor(operation.identity);
    if (session === undefined) return skip(NO_ADMIN_REASON);
    const call = async (): Promise<void> => {
      const exchange = await sendExample(gate, operation, session);
      gate.expect(task, operation, exchange, { request: operation.example });
    };
    const needsCall = operation.tags.includes(NEEDS_CALL);
    const needsChat = operation.tags.includes(NEEDS_CHAT);
    if (operation.tags.includes('customer') && gate.context.target.contactCenterId === undefined) return skip(NO_CONTACT_CENTER_REASON);
    // An email or open-media example runs on the target's queue and media type, on an item of its
    // own, closed afterwards [src: EmailCreate 8.5.2, OpenMediaAPICreate 8.5.2].
    if (operation.tags.includes('email') || operation.tags.includes('openmedia')) {
      const why = cannotRunMultimediaExample(gate, operation);
      return why === undefined ? runMultimediaExample(gate, task, operation) : skip(why);
    }
    if (operation.readOnly && !needsCall && !needsChat) return call();
    // A chat example runs with the chat channel Ready and a chat of its own, closed afterwards
    // [src: ChatAccept; CustomerChatRequestChat].
    if (operation.tags.includes('chat')) {
      if (needsChat && gate.context.target.contactCenterId === undefined) return skip(NO_CONTACT_CENTER_REASON);
      return withChatsRestored(gate, task, () => runChatExample(gate, task, operation));
    }
    // A state-changing example runs between a read of the agent's state (calls and device too) and
    // its restoration. Agent-state operations are valid only while logged in on the channel
    // [src: READY, CHANOP850]; an operation on a call needs a call, dialled first [src: CallsDial 8.5.2].
    await withCallsRestored(gate, task, async (start) => {
      const channel = /^\/me\/channels\/([^/{}]+)$/.exec(operation.path)?.[1] ?? (operation.path.includes('/channels/{channel}') ? operation.example.params?.['channel'] : undefined);
      if (channel !== undefined && start.get(channel) === LOGGED_OUT) {
        await moveAgentTo(gate, new Map([...start, [channel, 'NotReady']]));
      }
      // A call or device operation is awaited to its outcome, so that the restore finds what it made.
      if (!operation.readOnly && (operation.tags.includes('call') || operation.path.startsWith('/me/devices/'))) return runCallExample(gate, task, operation);
      if (needsCall) {
        const flow = await openCallFlow(gate, task, gate.operation('post-me-devices-id-calls'));
        try {
          await dialTestNumber(flow);
        } finally {
          await flow.close();
        }
      }
      await call();
      // Accepted is not applied: the agent's state must come to show what the example asked for.
      await expectChangeShown(gate, task, operation, await exampleRequest(gate, operation));
    });
  });
}

import { activeCalls, ringInbound } from './control-calls.ts';
import { listChats, offerChat } from './control-chats.ts';
import { deliverEmail, deliverOpenmedia, listEmails, listOpenmedia } from './control-multimedia.ts';
import type { Reply } from './envelope.ts';
import { FaultSpecError, type FaultRegistry } from './faults.ts';
import { FixtureError, validateFixtures } from './fixtures.ts';
import type { ContactCenter } from './state.ts';
import type { DefectMode, FaultSpec, Fixtures } from './types.ts';

/** What the control API may touch. */
export interface ControlTarget {
  readonly faults: FaultRegistry;
  addFault(spec: FaultSpec): string;
  defects(): readonly DefectMode[];
  setDefects(defects: readonly DefectMode[]): void;
  reset(fixtures?: Fixtures): void;
  center(): ContactCenter;
}

export function answer(httpStatus: number, body: Record<string, unknown>): Reply {
  return { httpStatus, body };
}

export function bad(message: string): Reply {
  return answer(400, { error: message });
}

export function parse(text: string | undefined): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (text === undefined) return { ok: false, reply: bad('request body too large or aborted') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reply: bad('request body is not valid JSON') };
  }
}

/**
 * The control API outside the GWS prefix: `/__simulator/faults`, `/__simulator/faults/{id}`,
 * `/__simulator/defects`, `/__simulator/reset` (to the seed, or to `{"fixtures": {...}}` until the
 * next reset), `/__simulator/calls` (ring an inbound call, list the calls in progress),
 * `/__simulator/chats` (offer a customer's chat, list the chats), `/__simulator/emails` (deliver an
 * inbound email, list the emails), `/__simulator/openmedia` (offer an inbound open-media item, list
 * the items). Answers plain JSON, not the GWS envelope.
 */
export function handleControl(method: string, pathname: string, bodyText: string | undefined, target: ControlTarget): Reply {
  const path = pathname.replace(/\/+$/, '');
  try {
    if (path === '/__simulator/faults') {
      if (method === 'GET') return answer(200, { faults: target.faults.list() });
      if (method === 'DELETE') return answer(200, { cleared: target.faults.clear() });
      if (method === 'POST') {
        const body = parse(bodyText);
        if (!body.ok) return body.reply;
        return answer(200, { id: target.addFault(body.value as FaultSpec) });
      }
    }
    const faultId = /^\/__simulator\/faults\/([^/]+)$/.exec(path)?.[1];
    if (faultId !== undefined && method === 'DELETE') {
      return target.faults.remove(faultId) ? answer(200, { removed: faultId }) : answer(404, { error: `no fault with id "${faultId}"` });
    }
    if (path === '/__simulator/defects') {
      if (method === 'GET') return answer(200, { defects: target.defects() });
      if (method === 'PUT') {
        const body = parse(bodyText);
        if (!body.ok) return body.reply;
        const value = body.value as { defects?: unknown } | null;
        if (typeof value !== 'object' || value === null || !('defects' in value)) return bad('body must be {"defects":[...]}');
        target.setDefects(value.defects as DefectMode[]);
        return answer(200, { defects: target.defects() });
      }
    }
    if (path === '/__simulator/calls' && (method === 'GET' || method === 'POST')) {
      if (method === 'GET') return answer(200, { calls: activeCalls(target.center()) });
      const body = parse(bodyText);
      return body.ok ? ringInbound(target.center(), body.value) : body.reply;
    }
    if (path === '/__simulator/chats' && (method === 'GET' || method === 'POST')) {
      if (method === 'GET') return listChats(target.center());
      const body = parse(bodyText);
      return body.ok ? offerChat(target.center(), body.value) : body.reply;
    }
    if (path === '/__simulator/emails' && (method === 'GET' || method === 'POST')) {
      if (method === 'GET') return listEmails(target.center());
      const body = parse(bodyText);
      return body.ok ? deliverEmail(target.center(), body.value) : body.reply;
    }
    if (path === '/__simulator/openmedia' && (method === 'GET' || method === 'POST')) {
      if (method === 'GET') return listOpenmedia(target.center());
      const body = parse(bodyText);
      return body.ok ? deliverOpenmedia(target.center(), body.value) : body.reply;
    }
    if (path === '/__simulator/reset' && method === 'POST') {
      if (bodyText === undefined || bodyText.trim() === '') {
        target.reset();
        return answer(200, { reset: true });
      }
      const body = parse(bodyText);
      if (!body.ok) return body.reply;
      const value = body.value as { fixtures?: unknown } | null;
      if (typeof value !== 'object' || value === null || !('fixtures' in value)) return bad('body must be empty or {"fixtures":{...}}');
      target.reset(validateFixtures(value.fixtures));
      return answer(200, { reset: true });
    }
  } catch (error) {
    if (error instanceof FaultSpecError || error instanceof FixtureError || (error instanceof Error && error.name === 'SimulatorOptionError')) return bad(error.message);
    throw error;
  }
  return answer(404, { error: `no control endpoint ${method} ${path}` });
}

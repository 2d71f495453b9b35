import { ok, type Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { USER_STATES } from '../seed.ts';
import type { UserRecord } from '../state.ts';
import type { AgentState, ChannelName } from '../types.ts';
import type { ResourceRequest } from './types.ts';

/** The operationName of a POST body, or the reply refusing it. */
export function operationName(request: ResourceRequest): string | Reply {
  const name = request.body['operationName'];
  if (name === undefined || name === null || name === '') {
    if (request.defects.has('missing-operation-name-accepted')) return ok();
    return errors.missingParameter('operationName');
  }
  if (typeof name !== 'string') return errors.notValid(`operationName ${JSON.stringify(name)} is not valid`);
  return name;
}

/** Hands accepted changes to the engine and acknowledges them. */
export function accepted(request: ResourceRequest, user: UserRecord, changes: ReadonlyMap<ChannelName, AgentState>): Reply {
  request.engine.accept(user, changes, request.root, request.neverApply);
  // The reply never carries the new state [src: MAR]; the defect does exactly that.
  if (request.defects.has('operation-echoes-state')) {
    const first = [...changes.values()][0] ?? 'LoggedOut';
    return ok({ userState: USER_STATES[first] });
  }
  return ok();
}

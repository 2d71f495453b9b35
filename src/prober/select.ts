import { ConfigError, type ProberTarget } from '../config/index.ts';
import { type Contracts, type Identity, type Operation } from '../contracts/index.ts';
import { NEEDS_AN_INTERACTION } from '../contracts/outcomes.ts';

/** The catalog entry of the agent-state operation the state-change probe uses [src: READY, NOTREADY]. */
export function stateChangeOperation(contracts: Contracts): Operation {
  const op = contracts.catalog.find((o) => o.method === 'POST' && o.path === '/me/channels/voice');
  if (op === undefined) throw new ConfigError('the catalog has no POST /me/channels/voice operation for the state-change probe');
  return op;
}

/** Read-only operations this target can run: credentials for the identity, include/exclude honoured. */
export function selectOperations(target: ProberTarget, catalog: readonly Operation[]): Operation[] {
  const hasIdentity = (identity: Identity): boolean =>
    identity === 'none' || (identity === 'user' ? target.user !== undefined : target.admin !== undefined);
  const chosen = catalog.filter((op) => {
    // A call or chat id exists only while the interaction does: a quiet agent has nothing to read by id.
    if (!op.readOnly || !hasIdentity(op.identity) || op.tags.some((tag) => NEEDS_AN_INTERACTION.includes(tag))) return false;
    if (target.include !== undefined && !target.include.includes(op.id)) return false;
    if (target.exclude.includes(op.id)) return false;
    // An id taken from another operation's answer needs that operation's identity too.
    return Object.values(op.paramSources ?? {}).every((source) => {
      const from = catalog.find((o) => o.id === source.operation);
      return from !== undefined && hasIdentity(from.identity);
    });
  });
  if (target.include !== undefined) {
    for (const id of target.include) {
      const op = catalog.find((o) => o.id === id);
      if (op !== undefined && !op.readOnly) {
        throw new ConfigError(`target ${target.name}: include "${id}" changes state (expected read-only operations; use stateChange for the agent-state probe)`);
      }
    }
  }
  return chosen;
}

import type { OperationEngine } from './resources/types.ts';
import { channelsView, deviceOf, type ContactCenter, type SessionStore } from './state.ts';
import type { AgentState, DefectMode, StateAppliedEvent } from './types.ts';

export interface EngineDeps {
  readonly delayMs: number;
  readonly sessions: SessionStore;
  /** Pending timers, so that reset and dispose can drop them. */
  readonly timers: Set<NodeJS.Timeout>;
  defects(): ReadonlySet<DefectMode>;
  center(): ContactCenter;
  applied(event: StateAppliedEvent): void;
}

const swapped = (state: AgentState): AgentState => (state === 'Ready' ? 'NotReady' : state === 'NotReady' ? 'Ready' : state);

/**
 * Operations are asynchronous [src: MAR]: an accepted change is projected at once (so later
 * operations are judged against it) and applied after the delay, unless the state was reset meanwhile.
 */
export function createOperationEngine(deps: EngineDeps): OperationEngine {
  return {
    accept(user, changes, root, neverApply) {
      const defects = deps.defects();
      if (neverApply || defects.has('async-never-applied')) return;
      for (const [channel, state] of changes) user.projected.set(channel, state);
      const owner = deps.center();
      const timer = setTimeout(() => {
        deps.timers.delete(timer);
        if (owner !== deps.center()) return;
        const wrong = deps.defects().has('wrong-state-applied');
        for (const [channel, state] of changes) user.applied.set(channel, wrong ? swapped(state) : state);
        const device = deviceOf(user, root, owner.calls.deviceControl(user.fixture.device?.id ?? ''));
        deps.applied({ userId: user.fixture.id, devices: device === undefined ? [] : [device], channels: channelsView(user) });
      }, deps.delayMs);
      timer.unref();
      deps.timers.add(timer);
    },
    endHttpSessions(user) {
      deps.sessions.invalidateUser(user.fixture.id);
    },
  };
}

import type { GateTarget } from '../config/index.ts';
import { DEFAULT_FIXTURES, buildSimulator, listen, type Fixtures, type SimulatorOptions } from '../simulator/index.ts';

export interface EmbeddedTarget {
  readonly target: GateTarget;
  close(): Promise<void>;
}

/** The first seeded user with this role, as gate credentials. */
function seedUser(fixtures: Fixtures, role: 'ROLE_AGENT' | 'ROLE_ADMIN', only = false) {
  const user = fixtures.users.find((u) => u.roles.includes(role) && (!only || u.roles.length === 1));
  return user ? { username: user.userName, password: user.password } : undefined;
}

/**
 * Starts the faithful simulator on 127.0.0.1, a free port, and returns it as a target: the seed's
 * agent (ksippo) as the user and the seed's admin for the admin comparisons.
 */
export async function startEmbeddedTarget(options: SimulatorOptions = {}): Promise<EmbeddedTarget> {
  const fixtures = options.fixtures ?? DEFAULT_FIXTURES;
  const user = seedUser(fixtures, 'ROLE_AGENT', true) ?? seedUser(fixtures, 'ROLE_AGENT');
  if (user === undefined) throw new Error('the simulator seed has no agent user');
  const admin = seedUser(fixtures, 'ROLE_ADMIN');
  const running = await listen(buildSimulator(options), { host: '127.0.0.1', port: 0 });
  return {
    target: { baseUrl: running.url, user, ...(admin ? { admin } : {}) },
    close: () => running.close(),
  };
}

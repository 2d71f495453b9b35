import { listen, type ListenOptions } from './listen.ts';
import { DEFAULT_FIXTURES } from './seed.ts';
import { buildSimulator } from './simulator.ts';
import type { Fixtures, SimulatorOptions } from './types.ts';

/** A login of a simulated user, as a client sends it. */
export interface SimulatorLogin {
  readonly username: string;
  readonly password: string;
}

/** A simulator serving on 127.0.0.1, with the logins a caller needs to use it. */
export interface EmbeddedSimulator {
  /** API root, e.g. http://127.0.0.1:40123/api/v2. */
  readonly url: string;
  /** The seed's plain agent. */
  readonly user: SimulatorLogin;
  /** The seed's admin, when it has one. */
  readonly admin?: SimulatorLogin;
  /** The seed's supervisor, when it has one. */
  readonly supervisor?: SimulatorLogin;
  /** An agent of its own for state changes, when asked for (`probeAgent`). */
  readonly probeAgent?: SimulatorLogin;
  close(): Promise<void>;
}

/** A test agent nobody else uses, so a state-change probe never moves the agent a gate run drives. */
const PROBE_AGENT = {
  id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  userName: 'gwscheck-probe-agent',
  password: 'probe',
  firstName: 'Probe',
  lastName: 'Agent',
  roles: ['ROLE_AGENT'] as const,
  device: { id: 'c0ffee00-0000-4000-8000-00000000c0de', phoneNumber: '5999' },
  channels: ['voice'] as const,
  loggedIn: { voice: 'NotReady' } as const,
};

/** The first seeded user with this role (only this role, when `only`). */
function seedUser(fixtures: Fixtures, role: 'ROLE_AGENT' | 'ROLE_ADMIN' | 'ROLE_SUPERVISOR', only = false): SimulatorLogin | undefined {
  const user = fixtures.users.find((u) => u.roles.includes(role) && (!only || u.roles.length === 1));
  return user ? { username: user.userName, password: user.password } : undefined;
}

export interface EmbeddedSimulatorOptions extends SimulatorOptions {
  /** Add a dedicated agent for the state-change probe. */
  readonly probeAgent?: boolean;
  /** Serve HTTPS with this certificate and key. */
  readonly tls?: ListenOptions['tls'];
}

/**
 * Builds the faithful simulator and serves it on 127.0.0.1, a free port: the target of
 * `gwscheck contract` without GWS_BASE_URL and of `gwscheck probe --simulator`.
 */
export async function startEmbeddedSimulator(options: EmbeddedSimulatorOptions = {}): Promise<EmbeddedSimulator> {
  const { probeAgent, tls, ...simulatorOptions } = options;
  const seed = simulatorOptions.fixtures ?? DEFAULT_FIXTURES;
  const fixtures: Fixtures = probeAgent === true ? { ...seed, users: [...seed.users, PROBE_AGENT] } : seed;
  const user = seedUser(fixtures, 'ROLE_AGENT', true) ?? seedUser(fixtures, 'ROLE_AGENT');
  if (user === undefined) throw new Error('the simulator seed has no agent user');
  const admin = seedUser(fixtures, 'ROLE_ADMIN');
  const supervisor = seedUser(fixtures, 'ROLE_SUPERVISOR');
  const simulator = buildSimulator({ ...simulatorOptions, fixtures });
  const running = await listen(simulator, { host: '127.0.0.1', port: 0, ...(tls ? { tls } : {}) });
  return {
    url: running.url,
    user,
    ...(admin ? { admin } : {}),
    ...(supervisor ? { supervisor } : {}),
    ...(probeAgent === true ? { probeAgent: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password } } : {}),
    close: async () => {
      await running.close();
      simulator.dispose();
    },
  };
}

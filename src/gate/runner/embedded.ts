import type { GateTarget } from '../../config/index.ts';
import type { SimulatorOptions } from '../../simulator/index.ts';

export interface EmbeddedTarget {
  readonly target: GateTarget;
  close(): Promise<void>;
}

/**
 * Starts the faithful simulator and returns it as a target: the seed's agent (ksippo) as the user
 * the seed's admin for the admin comparisons and its supervisor (lsupervisor) for the monitoring
 * contracts.
 */
export async function startEmbeddedTarget(options: SimulatorOptions = {}): Promise<EmbeddedTarget> {
  // Imported here: a run against a real server never loads the simulator (a tenth of a second).
  const { startEmbeddedSimulator } = await import('../../simulator/index.ts');
  const simulator = await startEmbeddedSimulator(options);
  return {
    target: {
      baseUrl: simulator.url,
      user: simulator.user,
      ...(simulator.admin ? { admin: simulator.admin } : {}),
      ...(simulator.supervisor ? { supervisor: simulator.supervisor } : {}),
      // The simulator models one contact center and takes any id; this is the documented sample's [src: CustomerChatRequestChat].
      contactCenterId: 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498',
      // Any queue URI is taken; this is the documented sample's queue [src: EmailCreate 8.5.2].
      queueUri: `${simulator.url}/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d`,
      openmediaType: 'workitem',
    },
    close: () => simulator.close(),
  };
}

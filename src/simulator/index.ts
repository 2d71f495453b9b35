/** The GWS 8.5 simulator: build a request handler, then serve it with listen(). */
export { buildSimulator, SimulatorOptionError, validateDefects, type Simulator, type SimulatorEventMap } from './simulator.ts';
export { listen, type ListenOptions, type RunningSimulator } from './listen.ts';
export { FaultSpecError, parseFaultArg, validateFaultSpec } from './faults.ts';
export { FixtureError, loadFixturesFile, validateFixtures } from './fixtures.ts';
export { DEFAULT_FIXTURES, USER_STATES } from './seed.ts';
export {
  DEFECT_MODES,
  FAULT_TYPES,
  type ActiveFault,
  type Channel,
  type ChannelName,
  type DefectMode,
  type Device,
  type FaultSpec,
  type FaultType,
  type Fixtures,
  type ResolvedSimulatorOptions,
  type SimulatorOptions,
  type StateAppliedEvent,
  type UserState,
} from './types.ts';
export { startEmbeddedSimulator } from './embedded.ts';

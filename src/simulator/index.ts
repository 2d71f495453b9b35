/** The GWS 8.5 simulator: build a request handler, then serve it with listen(). */
export { buildSimulator } from './simulator.ts';
export { listen, type ListenOptions, type RunningSimulator } from './listen.ts';
export { SimulatorOptionError, validateDefects, validateDisabledFeatures } from './options.ts';
export { SYSTEM_FEATURES, type FeatureName } from './features.ts';
export { FaultSpecError, parseFaultArg } from './faults.ts';
export { FixtureError, loadFixturesFile } from './fixtures.ts';
export { DEFECT_MODES, FAULT_TYPES, type FaultSpec, type SimulatorOptions } from './types.ts';
export { startEmbeddedSimulator } from './embedded.ts';

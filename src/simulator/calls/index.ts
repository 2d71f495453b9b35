/** The simulator's call model: pure state, transitions and notifications of call and device control. */
export type {
  CallDefect,
  CallModel,
  CallModelEvent,
  CallModelOptions,
  CallSnapshot,
  CallState,
  DefectSet,
  Clock,
  DeviceControl,
  Line,
  Outcome,
  Scheduler,
} from './types.ts';
export { CALL_DEFECTS, CALL_STATES } from './types.ts';
export { DEFAULT_TEST_NUMBER, createCallModel } from './model.ts';
export { renderCall, renderCallMessage, renderDeviceControl } from './render.ts';

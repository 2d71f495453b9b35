import { deviceCapabilities } from './capabilities.ts';
import { refuse } from '../interactions/requests.ts';
import { parseDeviceCommand, type DeviceCommand } from './requests.ts';
import type { CallModelEvent, DefectSet, DeviceControl, Line, Outcome, Scheduler, SupervisorMonitoring } from './types.ts';

interface ControlState {
  doNotDisturb: 'On' | 'Off';
  forwardTo?: string;
  supervisorMonitoring?: SupervisorMonitoring;
}

export interface DeviceControls {
  control(deviceId: string): DeviceControl | undefined;
  /** POST /me/devices/{id}: validated now, applied through the scheduler. */
  operate(userId: string, deviceId: string, body: unknown): Outcome;
  /** Devices some supervisor listens in on (their calls show supervisorListeningIn). */
  listenedDevices(): ReadonlySet<string>;
}

const SUPERVISOR_OPS: ReadonlySet<string> = new Set(['ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring']);

export function createDeviceControls(options: {
  readonly lines: readonly Line[];
  readonly scheduler: Scheduler;
  readonly publish: (event: CallModelEvent) => void;
  readonly defects: DefectSet;
}): DeviceControls {
  const states = new Map<string, ControlState>(options.lines.map((l) => [l.deviceId, { doNotDisturb: 'Off' }]));
  const lineOf = (deviceId: string) => options.lines.find((l) => l.deviceId === deviceId);

  function control(deviceId: string): DeviceControl | undefined {
    const line = lineOf(deviceId);
    const state = states.get(deviceId);
    if (line === undefined || state === undefined) return undefined;
    return {
      deviceId,
      userId: line.userId,
      doNotDisturb: state.doNotDisturb,
      ...(state.forwardTo === undefined ? {} : { forwardTo: state.forwardTo }),
      ...(state.supervisorMonitoring === undefined ? {} : { supervisorMonitoring: state.supervisorMonitoring }),
      capabilities: deviceCapabilities(state, line.supervisor),
    };
  }

  // A defect makes the operation acknowledged and announced, yet the device keeps its old state.
  function ignored(command: DeviceCommand): boolean {
    if (command.op === 'DoNotDisturbOn' || command.op === 'DoNotDisturbOff') return options.defects.has('dnd-not-applied');
    if (command.op === 'ForwardCallsOn' || command.op === 'ForwardCallsOff') return options.defects.has('forward-not-applied');
    if (command.op === 'CancelSupervisorMonitoring') return options.defects.has('monitoring-not-cancelled');
    return options.defects.has('monitoring-not-applied');
  }

  function apply(state: ControlState, command: DeviceCommand): void {
    switch (command.op) {
      case 'DoNotDisturbOn':
      case 'DoNotDisturbOff':
        state.doNotDisturb = command.op === 'DoNotDisturbOn' ? 'On' : 'Off';
        break;
      case 'ForwardCallsOn':
        state.forwardTo = command.destination;
        break;
      case 'ForwardCallsOff':
        delete state.forwardTo;
        break;
      case 'CancelSupervisorMonitoring':
        delete state.supervisorMonitoring;
        break;
      default:
        // A defect announces coaching as listening in: the supervisor's device shows the wrong state.
        state.supervisorMonitoring = command.op === 'Coach' && options.defects.has('coach-reported-as-listenin') ? { ...command.monitoring, state: 'ListenIn' } : command.monitoring;
    }
  }

  function operate(userId: string, deviceId: string, body: unknown): Outcome {
    const line = lineOf(deviceId);
    const state = states.get(deviceId);
    if (line === undefined || state === undefined || line.userId !== userId) return { statusCode: 6, statusMessage: `device ${deviceId} not found` };
    const parsed = parseDeviceCommand(body);
    if (!parsed.ok) return parsed.outcome;
    const command = parsed.command;
    // Monitoring is offered to ROLE_SUPERVISOR only [src: DevicesAttribs]; an agent lacks the
    // permission: statusCode 5 [src: RV852 table].
    const supervisor = line.supervisor || options.defects.has('supervisor-allowed-for-agent');
    if (SUPERVISOR_OPS.has(command.op) && !supervisor) return refuse(5, `${command.op} needs the supervisor role`).outcome;
    if ('monitoring' in command) {
      const target = command.monitoring.targetDeviceId;
      if (lineOf(target) === undefined) return refuse(6, `target device ${target} not found`).outcome;
      if (target === deviceId) return refuse(2, `${command.op} cannot target the supervisor's own device`).outcome;
    }
    const offered = deviceCapabilities(state, supervisor);
    if (!offered.includes(command.op)) {
      return refuse(2, `${command.op} is not valid for the device now (offered: ${offered.join(', ')})`).outcome;
    }
    options.scheduler.defer(() => {
      if (!ignored(command)) apply(state, command);
      const device = control(deviceId);
      if (device !== undefined) options.publish({ kind: 'device', userId, device });
    });
    return { statusCode: 0 };
  }

  function listenedDevices(): ReadonlySet<string> {
    const out = new Set<string>();
    // A defect keeps the monitored agent's calls from showing that a supervisor listens in.
    if (options.defects.has('listening-not-shown')) return out;
    for (const state of states.values()) {
      if (state.supervisorMonitoring?.state === 'ListenIn') out.add(state.supervisorMonitoring.targetDeviceId);
    }
    return out;
  }

  return { control, operate, listenedDevices };
}

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = ((): number => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system, all threads) the OS has charged to a process so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return (user + system) / CLOCK_TICKS;
}

function statusKiB(pid: number, key: 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  if (match?.[1] === undefined) throw new Error(`/proc/${pid}/status has no ${key} line`);
  return Number(match[1]);
}

/** Peak resident set size (VmHWM) of a process so far, in MiB. */
export function peakRssMiB(pid: number): number {
  return statusKiB(pid, 'VmHWM') / 1024;
}

export interface CpuWindow {
  /** CPU seconds charged between start and stop. */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  /** Peak RSS of the process's whole life up to stop, in MiB. */
  readonly peakRssMiB: number;
}

/** Measures a process's CPU over a window: call once at its start, and the returned function at its end. */
export function startCpuWindow(pid: number): () => CpuWindow {
  const cpuAtStart = cpuSeconds(pid);
  const wallAtStart = performance.now();
  return () => ({
    cpuSeconds: cpuSeconds(pid) - cpuAtStart,
    wallSeconds: (performance.now() - wallAtStart) / 1000,
    peakRssMiB: peakRssMiB(pid),
  });
}

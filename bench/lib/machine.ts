import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryMiB: number;
  readonly kernel: string;
  readonly os: string;
  readonly node: string;
  readonly blackboxExporter: string;
  readonly newman: string;
  readonly mode: string;
  /** 1-minute load averages when the run started and ended: other work on the machine shows here. */
  readonly loadAverage1mAtStart: number;
  readonly loadAverage1mAtEnd: number;
}

function firstLine(read: () => string): string {
  try {
    return read().split('\n')[0]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function osName(): string {
  return firstLine(() => {
    const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return match?.[1] ?? 'unknown';
  });
}

/** The 1-minute load average, rounded. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

export function machineInfo(mode: string, blackboxBin: string, newmanBin: string, loadAtStart: number): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model ?? 'unknown',
    cpuCount: list.length,
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    kernel: release(),
    os: osName(),
    node: process.version,
    blackboxExporter: firstLine(() => execFileSync(blackboxBin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })),
    newman: firstLine(() => execFileSync(newmanBin, ['--version'], { encoding: 'utf8' })),
    mode,
    loadAverage1mAtStart: loadAtStart,
    loadAverage1mAtEnd: loadAverage(),
  };
}

// What the defect suites share: each run of the gate gets a simulator of its own, so that one
// defect's leftovers cannot make another run pass or fail, and the suite reads the report the user
// would read.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { ContractReport } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import type { DefectMode, Fixtures } from '../../src/simulator/types.ts';
import { inPool, runCli, type CliRun } from './cli.ts';

/** The seed's agent, whom the defect suites' gate runs log in as. */
export const AGENT = { Authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}` };

export interface GateRun {
  readonly cli: CliRun;
  /** Undefined when the gate wrote no report. */
  readonly report: ContractReport | undefined;
  readonly simulator: RunningSimulator;
}

/** How one run's simulator is built and what the gate is told besides where to find it and report. */
export interface GateSetup {
  readonly defects: readonly DefectMode[];
  readonly fixtures?: Fixtures;
  /** The user, the selection and whatever else the suite's contracts need, given the simulator's API root. */
  readonly args: (url: string) => readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** A defect, the contract it must break, and the rule that contract's failure names. */
export interface DefectRow {
  readonly mode: DefectMode;
  readonly contract: string;
  readonly rule: RegExp;
}

/** Only the contract the defect must break: the others would only wait for their deadlines. */
export const only = (contract: string): string[] => ['--grep', `^${contract.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`];

export interface GateRuns {
  /** Runs the gate once per job, at most `limit` at a time, and keeps each run under its job's name. */
  readonly runAll: (jobs: readonly (readonly [name: string, setup: GateSetup])[], limit: number) => Promise<void>;
  readonly run: (name: string) => GateRun;
}

/** A suite's gate runs; its simulators and reports are gone after the suite. */
export function gateRuns(suite: string): GateRuns {
  const work = mkdtempSync(join(tmpdir(), `gwscheck-${suite}-`));
  const simulators: RunningSimulator[] = [];
  const runs = new Map<string, GateRun>();

  afterAll(async () => {
    await Promise.all(simulators.map((s) => s.close()));
    rmSync(work, { recursive: true, force: true });
  });

  async function gate(name: string, { defects, fixtures, args, env = {} }: GateSetup): Promise<GateRun> {
    const simulator = await listen(buildSimulator({ defects, fixtures }), { host: '127.0.0.1', port: 0 });
    simulators.push(simulator);
    const dir = join(work, name);
    // A defect run is expected to fail: a short deadline keeps it short.
    const deadline = defects.length > 0 ? ['--async-deadline', '1500'] : [];
    const cli = await runCli(['contract', '--base-url', simulator.url, '--reports', dir, ...deadline, ...args(simulator.url)], env);
    return { cli, report: readReport(dir), simulator };
  }

  return {
    runAll: async (jobs, limit) => {
      const done = await inPool(jobs, limit, async ([name, setup]) => [name, await gate(name, setup)] as const);
      for (const [name, result] of done) runs.set(name, result);
    },
    run: (name) => {
      const found = runs.get(name);
      if (found === undefined) throw new Error(`no gate run named ${name}`);
      return found;
    },
  };
}

/** The report the gate wrote to `dir`, or undefined when it wrote none (or not all of one). */
function readReport(dir: string): ContractReport | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8')) as ContractReport;
  } catch {
    return undefined;
  }
}

/** The gate passed, every contract it ran held, and none was skipped. */
export function expectEveryContractHeld({ cli, report }: GateRun): void {
  const failed = (report?.results ?? []).filter((r) => r.outcome === 'failed').map((r) => `${r.name}: ${r.message ?? ''}`);
  expect(failed).toEqual([]);
  expect(cli.status, cli.stderr).toBe(0);
  expect(report?.summary.skipped).toBe(0);
}

/** Exit 1, `contract` among the failed ones, one of its violations naming `rule`, and the user told so. */
export function expectDefectCaught({ cli, report }: GateRun, contract: string, rule: RegExp): void {
  expect(cli.status, cli.stderr).toBe(1);
  const failed = (report?.results ?? []).filter((r) => r.outcome === 'failed' && r.name.startsWith(contract));
  const said = failed.flatMap((r) => r.violations.map((v) => `${v.pointer} ${v.message}`));
  expect(failed.length, (report?.results ?? []).filter((r) => r.outcome === 'failed').map((r) => r.name).join('\n')).toBeGreaterThan(0);
  expect(said.some((text) => rule.test(text)), said.join('\n')).toBe(true);
  expect(cli.stdout).toContain('contract(s) failed');
}

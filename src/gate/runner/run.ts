import type { Reporter } from 'vitest/node';
import type { Credentials, GateConfig, GateTarget } from '../../config/index.ts';
import { loadContracts } from '../../contracts/index.ts';
import { SHAPE_RECORD_KIND, ShapeRecordError, compareShapes, readShapeRecord, writeShapeRecord, type ShapeRecord } from '../../drift/index.ts';
import { redactReport, writeReports, type ContractReport, type ReporterContext } from '../../reporters/index.ts';
import { ContractCollector, runResult } from './collect.ts';
import type { GateRunContext } from '../context.ts';
import { startEmbeddedTarget } from './embedded.ts';
import { SelectionTracker, endsWithinGrace, keepSignalsFromVitest, stopSignalOf } from './interrupt.ts';
import { announceStops } from '../stop-channel.ts';
import { discardEarlyWorker } from './early-worker.ts';
import { preflight, unmetFeatures } from './preflight.ts';
import { ContractProgress, type ProgressMode } from './progress.ts';
import { closeLeftoverChats, closeLeftoverMultimedia, hangUpLeftovers, undoSupervisorLeftovers } from '../leftovers.ts';
import { PACKAGE_ROOT, preloadSpecRunner, runSpecFiles, type SpecRun } from './spec-runner.ts';
import { summarise } from './summary.ts';
import { GATE_TAGS } from './tags.ts';

/** Pause before the first rerun of a failed contract; it doubles for each further rerun. */
export const RETRY_BACKOFF_MS = 250;

export type GateRunOutcome =
  | { readonly kind: 'completed'; readonly report: ContractReport; readonly files: readonly string[] }
  | { readonly kind: 'unreachable'; readonly message: string }
  /** Zero contracts selected or run, or a selection that names an unknown tag: a usage error. */
  | { readonly kind: 'nothing-selected'; readonly message: string }
  /** A --compare file that cannot be read or is no shape record, or a --record file that cannot be written. */
  | { readonly kind: 'bad-input'; readonly message: string };

export interface GateIo {
  readonly stdout: (text: string) => void;
  readonly stepSummaryFile?: string;
  /** A line per finished contract: rewritten live on a terminal, plain in CI, or none (--quiet, the default). */
  readonly progress?: ProgressMode;
  /** Colour progress and summary (ANSI escapes). */
  readonly color?: boolean;
  /**
   * Aborted (with 'SIGINT' or 'SIGTERM' as its reason) to stop the run: no contract starts after
   * it, the running one finishes and restores the agent, and the reports mark what did not run.
   */
  readonly interrupt?: AbortSignal;
}

/** The progress printer, when one is wanted: it runs in this process as a vitest reporter. */
function progressReporters(config: GateConfig, io: GateIo): Reporter[] {
  if (io.progress === undefined || io.progress === 'off') return [];
  return [new ContractProgress({ root: PACKAGE_ROOT, strict: config.strict, mode: io.progress, color: io.color === true, write: io.stdout })];
}

/** Every tag a contract may carry: the gate's own and the catalog's. */
export function tagDefinitions(): { name: string; description: string }[] {
  const known = new Map<string, string>(GATE_TAGS.map((t) => [t.name, t.description]));
  for (const operation of loadContracts().catalog) {
    for (const tag of operation.tags) if (!known.has(tag)) known.set(tag, `catalog tag ${tag}`);
  }
  return [...known].map(([name, description]) => ({ name, description }));
}

/**
 * The passwords to mask. The embedded simulator's seed passwords are published in its source and
 * are no secret; masking a word like "admin" everywhere would only garble the reports.
 */
function secretsOf(target: GateTarget, embedded: boolean): { passwords: string[]; pairs: Credentials[] } {
  if (embedded) return { passwords: [], pairs: [] };
  const people = [target.user, ...(target.admin ? [target.admin] : []), ...(target.supervisor ? [target.supervisor] : [])];
  return { passwords: people.map((p) => p.password), pairs: people };
}

function selectionText(config: GateConfig): string {
  const parts = [
    ...(config.grep !== undefined ? [`--grep "${config.grep}"`] : []),
    ...config.tags.map((t) => `--tag ${t}`),
  ];
  return parts.length > 0 ? parts.join(' ') : 'the default selection';
}

/**
 * Runs the contract specs once against the configured target (or an embedded simulator) and writes
 * every report. Contract failures are a result, not an exception; a broken setup throws.
 */
export async function runGate(config: GateConfig, io: GateIo): Promise<GateRunOutcome> {
  preloadSpecRunner();
  try {
    return await gateRun(config, io);
  } finally {
    // vitest's worker thread, started ahead, when no run took it (a usage error, an unreachable server).
    await discardEarlyWorker();
  }
}

async function gateRun(config: GateConfig, io: GateIo): Promise<GateRunOutcome> {
  const tags = tagDefinitions();
  const unknown = config.tags.find((tag) => !tags.some((t) => t.name === tag));
  if (unknown !== undefined) {
    return { kind: 'nothing-selected', message: `--tag "${unknown}" is not a contract tag (expected one of: ${tags.map((t) => t.name).join(', ')})` };
  }
  let baseline: ShapeRecord | undefined;
  if (config.compareFile !== undefined) {
    try {
      baseline = await readShapeRecord(config.compareFile);
    } catch (error) {
      if (error instanceof ShapeRecordError) return { kind: 'bad-input', message: error.message };
      throw error;
    }
  }
  const embedded = config.target === undefined ? await startEmbeddedTarget() : undefined;
  const target = config.target ?? embedded!.target;
  try {
    const probed = await preflight(target, config.timeoutMs);
    if (probed.kind !== 'ready') return probed;
    const unmet = unmetFeatures(config.requiredFeatures, probed.features);
    if (unmet !== undefined) return { kind: 'bad-input', message: unmet };

    const context: GateRunContext = {
      target,
      timeoutMs: config.timeoutMs,
      httpStatusStrict: config.httpStatusStrict,
      asyncDeadlineMs: config.asyncDeadlineMs,
      notifications: config.notifications,
      ...(config.latencyBudgetMs !== undefined ? { latencyBudgetMs: config.latencyBudgetMs } : {}),
      strict: config.strict,
      observeShapes: config.recordFile !== undefined || config.compareFile !== undefined,
      retryBackoffMs: RETRY_BACKOFF_MS,
      ...(probed.features.kind === 'listed' ? { features: probed.features.features } : {}),
      ...(config.staticMock ? { staticMock: true } : {}),
    };
    const collector = new ContractCollector(PACKAGE_ROOT);
    const tracker = new SelectionTracker(PACKAGE_ROOT);
    const startedAt = new Date();
    const release = keepSignalsFromVitest();
    const closeStops = announceStops(io.interrupt);
    // After an interrupt the running contract gets as long as any contract may take, its restore
    // included; a second signal ends the process sooner (src/cli/signals.ts).
    let ended = true;
    try {
      if (io.interrupt?.aborted !== true) {
        const run: SpecRun = {
          selection: { ...(config.grep !== undefined ? { grep: config.grep } : {}), tags: config.tags },
          order: config.order,
          retries: config.retries,
          timeoutMs: contractTimeout(config),
          tags,
          reporters: [collector, tracker, ...progressReporters(config, io)],
        };
        ended = await endsWithinGrace(runSpecFiles(context, run), io.interrupt, contractTimeout(config));
      }
    } finally {
      closeStops();
      release();
    }
    const durationMs = Date.now() - startedAt.getTime();
    const interruptedBy = stopSignalOf(io.interrupt);
    // A contract abandoned after its grace restored nothing; a Dial acknowledged just before the
    // stop may still land. Whatever call the agent holds now is hung up, its chats, emails and open-media items closed, and the
    // supervisor's monitoring and calls undone, before the reports.
    if (interruptedBy !== undefined) {
      const leftovers = { timeoutMs: config.timeoutMs, quietMs: 1000, deadlineMs: 2 * config.asyncDeadlineMs };
      await Promise.all([hangUpLeftovers(target, leftovers).catch(() => 0), undoSupervisorLeftovers(target, leftovers).catch(() => 0), closeLeftoverChats(target, leftovers).catch(() => 0), closeLeftoverMultimedia(target, leftovers).catch(() => 0)]);
    }
    let results = ended ? collector.results : [...tracker.finished];
    for (const message of collector.runErrors) {
      results.push(
        runResult({
          id: 'unhandled-error',
          name: 'gate: runs without unhandled errors',
          outcome: 'failed',
          message,
          violations: [{ kind: 'error', pointer: '', keyword: 'unhandled', message: message.split('\n')[0] ?? '', grade: 'breaking' }],
          file: 'specs',
        }),
      );
    }
    if (interruptedBy !== undefined) results = tracker.interrupted(results, interruptedBy);
    else if (!results.some((r) => r.outcome !== 'skipped')) {
      const skipped = results.filter((r) => r.outcome === 'skipped');
      const why = skipped.length > 0 ? `: the ${skipped.length} selected were skipped (${skipped[0]?.message ?? 'no reason given'})` : '';
      return { kind: 'nothing-selected', message: `no contract ran with ${selectionText(config)}${why}; nothing was checked` };
    }
    const comparison =
      baseline === undefined || config.compareFile === undefined
        ? null
        : compareShapes({ file: config.compareFile, recordedAt: baseline.recordedAt, version: baseline.version, operations: baseline.operations }, collector.shapes);
    if (config.recordFile !== undefined) {
      try {
        await writeShapeRecord(config.recordFile, {
          schemaVersion: 1,
          kind: SHAPE_RECORD_KIND,
          recordedAt: startedAt.toISOString(),
          target: target.baseUrl,
          version: probed.version,
          selection: { grep: config.grep ?? null, tags: [...config.tags] },
          operations: collector.shapes,
        });
      } catch (error) {
        if (error instanceof ShapeRecordError) return { kind: 'bad-input', message: error.message };
        throw error;
      }
    }
    const summary = summarise({
      results,
      config,
      target: target.baseUrl,
      simulator: embedded !== undefined,
      startedAt,
      durationMs,
      comparison,
      recordedTo: config.recordFile ?? null,
      features: probed.features.kind === 'listed' ? probed.features.features : null,
      ...(interruptedBy !== undefined ? { interruptedBy } : {}),
    });
    const report = redactReport(summary, secretsOf(target, embedded !== undefined));
    const reporterContext: ReporterContext = {
      dir: config.reportsDir,
      stdout: io.stdout,
      color: io.color === true,
      ...(io.stepSummaryFile !== undefined ? { stepSummaryFile: io.stepSummaryFile } : {}),
    };
    const files = await writeReports(report, reporterContext);
    return { kind: 'completed', report, files };
  } finally {
    await embedded?.close();
  }
}

/** How long one contract may take. */
function contractTimeout(config: GateConfig): number {
  return 10 * config.asyncDeadlineMs + 10 * config.timeoutMs;
}

import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { mergeShapes, type OperationShapes } from '../../drift/index.ts';
import { docLinks, loadContracts } from '../../contracts/index.ts';
import { curlCommand, type ContractResult, type ReportedViolation } from '../../reporters/index.ts';
import type { GateTaskMeta } from '../task-meta.ts';

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/**
 * Each violation once: a rerun, or a spec that judges the same answer twice, records it again.
 * The request is part of the identity: the same defect in two answers is two findings.
 */
function distinct(violations: readonly ReportedViolation[]): ReportedViolation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = [v.kind, v.keyword, v.pointer, v.message, v.request ?? ''].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The documentation pages behind a contract: its catalog entry's, then those its violations cite. */
function docsOf(operation: string | null, name: string, violations: readonly ReportedViolation[]): ContractResult['docs'] {
  const summary = loadContracts().catalog.find((op) => op.id === operation)?.summary ?? '';
  return docLinks(summary, name, ...violations.map((v) => v.message));
}

/**
 * Turns one vitest test case into a contract result. Returns undefined for a contract that was
 * not selected (filtered out by --grep/--tag), so it appears nowhere.
 */
export function toContractResult(test: TestCase, root: string): ContractResult | undefined {
  const result = test.result();
  // A run-time skip carries a note (the reason); a contract left out by the selection has none.
  if (result.state === 'pending' || (result.state === 'skipped' && (test.options.mode !== 'run' || result.note === undefined))) {
    return undefined;
  }
  const taskMeta = test.meta();
  const meta = (taskMeta as { gate?: GateTaskMeta }).gate;
  const log = taskMeta.gateAttempts ?? { seenErrors: 0, failures: [] };
  const diagnostic = test.diagnostic();
  // Errors pile up over the attempts; the last attempt's are those after the ones already logged.
  const errors = result.state === 'failed' ? result.errors.slice(log.seenErrors) : [];
  const violations: ReportedViolation[] = distinct(meta?.violations ?? []);
  const errorMessages = errors.map((e) => e.message ?? JSON.stringify(e));
  if (result.state === 'failed' && violations.length === 0) {
    // The contract stopped before it could judge anything: a request error or a broken setup.
    for (const message of errorMessages) violations.push({ kind: 'error', pointer: '', keyword: 'error', message: firstLine(message), grade: 'breaking' });
  }
  const retries = diagnostic?.retryCount ?? 0;
  const outcome =
    result.state === 'failed' ? 'failed' : result.state === 'skipped' ? 'skipped' : retries > 0 || diagnostic?.flaky === true ? 'flaky' : 'passed';
  const colon = test.name.indexOf(': ');
  const operation = meta?.operation ?? (colon > 0 ? test.name.slice(0, colon) : null);
  const exchange = meta?.exchange ?? null;
  let message: string | null = null;
  if (result.state === 'failed') {
    const last = errorMessages.join('\n');
    message =
      retries === 0
        ? `${test.name}: ${last}`
        : [`${test.name}: failed all ${retries + 1} attempts`, ...log.failures.map((f, i) => `attempt ${i + 1}: ${f.slice(f.indexOf('\n') + 1)}`), `attempt ${retries + 1}: ${last}`].join('\n');
  } else if (result.state === 'skipped') {
    message = result.note ?? null;
  }
  return {
    id: slug(test.name),
    name: test.name,
    operation,
    tags: [...test.tags],
    outcome,
    message,
    violations,
    latencyMs: meta?.latencyMs ?? meta?.exchange?.latencyMs ?? null,
    durationMs: Math.round(diagnostic?.duration ?? 0),
    attempts: retries + 1,
    earlierFailures: [...log.failures],
    exchange,
    curl: exchange?.request !== undefined ? curlCommand(exchange.request) : null,
    docs: docsOf(operation, test.name, violations),
    file: relative(root, test.module.moduleId),
  };
}

/** A spec file that could not even be loaded fails as one contract named after the file. */
function moduleFailure(module: TestModule, root: string): ContractResult | undefined {
  const errors = module.errors();
  if (errors.length === 0) return undefined;
  const file = relative(root, module.moduleId);
  const message = errors.map((e) => e.message ?? JSON.stringify(e)).join('\n');
  return runResult({
    id: slug(file),
    name: `${file}: loads`,
    outcome: 'failed',
    message: `${file}: ${message}`,
    violations: [{ kind: 'error', pointer: '', keyword: 'load', message: firstLine(message), grade: 'breaking' }],
    file,
  });
}

/**
 * A result about the run rather than one contract's requests (a file that did not load, an
 * unhandled error, a contract a signal kept from running): no exchange, no timing.
 */
export function runResult(
  fields: Pick<ContractResult, 'name' | 'outcome' | 'message' | 'violations' | 'file'> & Partial<Pick<ContractResult, 'id' | 'operation' | 'tags' | 'attempts' | 'interrupted'>>,
): ContractResult {
  return {
    id: slug(fields.name),
    operation: null,
    tags: [],
    latencyMs: null,
    durationMs: 0,
    attempts: 1,
    earlierFailures: [],
    exchange: null,
    curl: null,
    docs: [],
    ...fields,
  };
}

export class ContractCollector implements Reporter {
  readonly results: ContractResult[] = [];
  readonly runErrors: string[] = [];
  /** Success-body shapes per operation over every contract of the run (with `observeShapes`). */
  shapes: OperationShapes = {};

  constructor(private readonly root: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const module of testModules) {
      const failure = moduleFailure(module, this.root);
      if (failure) this.results.push(failure);
      for (const test of module.children.allTests()) {
        const observed = test.meta().gateShapes;
        if (observed !== undefined) this.shapes = mergeShapes(this.shapes, observed);
        const result = toContractResult(test, this.root);
        if (result) this.results.push(result);
      }
    }
    for (const error of unhandledErrors) this.runErrors.push(error.message ?? JSON.stringify(error));
  }
}

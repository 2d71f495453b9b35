import type { PhaseTimings } from '../client/index.ts';
import { docLinks, type DocLink } from '../contracts/index.ts';
import { curlCommand, exchangeText } from '../reporters/index.ts';
import { failureReason } from './failure-reason.ts';
import { NOT_APPLICABLE, type ProbeResult } from './types.ts';

/** The documentation pages behind a run: the operation's own (its catalog summary), then those its violations and error cite. */
export function runDocs(summary: string, result: Pick<ProbeResult, 'violations' | 'error'>): DocLink[] {
  return docLinks(summary, ...result.violations.map((v) => v.message), result.error ?? '');
}

/** Tenths below 10 ms, where a phase of a fast answer would otherwise read 0. */
function ms(value: number): string {
  return `${value === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ms`;
}

function timingsLine(timings: PhaseTimings | undefined): string {
  if (timings === undefined) return 'timings: none (no request was sent)';
  const phase = (seconds: number): string => ms(seconds * 1000);
  return `timings: connect ${phase(timings.connect)}, tls ${phase(timings.tls)}, processing ${phase(timings.processing)}, transfer ${phase(timings.transfer)}, total ${phase(timings.total)}`;
}

function violationLines(result: ProbeResult): string[] {
  if (result.violations.length === 0) return ['Violations: none'];
  return [
    `Violations (${result.violations.length})`,
    ...result.violations.flatMap((v) => [
      `- ${v.pointer === '' ? '(body)' : v.pointer} [${v.keyword}, ${v.grade}]: ${v.message}`,
      ...(v.schemaLocation !== undefined ? [`  schema rule ${v.schemaLocation}`] : []),
    ]),
  ];
}

/**
 * One run as `GET /probe?...&debug=true` answers it, in plain text: for a run that held, one line
 * and its timings; for one that failed, what it found (outcome, reason, violations with their
 * schema rules), the documentation pages, the request as sent and the answer, and a `curl` line
 * that sends it again. Every field comes from a result that has passed the target's redaction.
 */
export function debugText(result: ProbeResult, docs: readonly DocLink[]): string {
  const run = result.runId !== undefined ? ` (run ${result.runId})` : '';
  const about = `${result.target} ${result.probe}${run}`;
  const statusCode = result.statusCode === null ? 'none' : String(result.statusCode);
  if (result.ok) return `${about} held: ${result.outcome}, statusCode ${statusCode}, ${ms(result.durationMs)}\n${timingsLine(result.timings)}\n`;
  if (result.outcome === NOT_APPLICABLE) return `${about} does not apply: ${result.error ?? 'nothing to probe'}\n`;
  const lines = [
    `target: ${result.target}`,
    `probe: ${result.probe}`,
    ...(result.runId !== undefined ? [`run: ${result.runId}`] : []),
    `outcome: ${result.outcome}`,
    `reason: ${failureReason(result) ?? 'none'}`,
    `duration: ${ms(result.durationMs)}`,
    `statusCode: ${statusCode}`,
    ...(result.error !== undefined ? [`error: ${result.error}`] : []),
    timingsLine(result.timings),
    '',
    ...violationLines(result),
    '',
    ...(docs.length > 0 ? ['GWS documentation', ...docs.map((d) => `- ${d.tag}: ${d.url}`)] : ['GWS documentation: none cited']),
    '',
  ];
  const { exchange } = result;
  if (exchange === undefined) {
    lines.push('Request: not recorded');
  } else {
    lines.push(exchangeText(exchange));
    if (exchange.request !== undefined) lines.push('', 'Reproduce', curlCommand(exchange.request));
  }
  return `${lines.join('\n')}\n`;
}

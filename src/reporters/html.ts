import { featuresLine, shuffledOrderLine } from './order.ts';
import { escapePointer } from '../contracts/index.ts';
import { bodyCutText, headersText, requestText } from './exchange-text.ts';
import { writeReportFile } from './file.ts';
import { groupFailures, groupHeadline } from './groups.ts';
import type { ContractReport, ContractResult, DriftReport, FailureGroup, Reporter, ReportedExchange, ReportedViolation } from './types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Pretty-prints JSON as HTML, wrapping every value whose JSON pointer is in `marked` in <mark>,
 * so the reader sees the violation in place.
 */
export function renderJsonHtml(value: unknown, marked: ReadonlySet<string>, pointer = '', indent = ''): string {
  const inner = indent + '  ';
  let text: string;
  if (Array.isArray(value)) {
    text =
      value.length === 0
        ? '[]'
        : `[\n${value.map((item, i) => inner + renderJsonHtml(item, marked, `${pointer}/${i}`, inner)).join(',\n')}\n${indent}]`;
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    text =
      entries.length === 0
        ? '{}'
        : `{\n${entries
            .map(([key, item]) => `${inner}<span class="k">${escapeHtml(JSON.stringify(key))}</span>: ${renderJsonHtml(item, marked, `${pointer}/${escapePointer(key)}`, inner)}`)
            .join(',\n')}\n${indent}}`;
  } else {
    text = escapeHtml(JSON.stringify(value) ?? 'undefined');
  }
  return marked.has(pointer) ? `<mark title="violation at ${escapeHtml(pointer || '(body)')}">${text}</mark>` : text;
}

function exists(body: unknown, pointer: string): boolean {
  let node: unknown = body;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) return false;
    node = (node as Record<string, unknown>)[token];
  }
  return true;
}

/** The pointer itself, or for a missing attribute the nearest ancestor that exists (the object that lacks it). */
function markable(body: unknown, pointer: string): string {
  let current = pointer;
  while (current !== '' && !exists(body, current)) current = current.slice(0, current.lastIndexOf('/'));
  return current;
}

function docsLine(result: ContractResult): string {
  if (result.docs.length === 0) return '';
  return `<p class="docs">GWS documentation: ${result.docs.map((d) => `<a href="${escapeHtml(d.url)}">${escapeHtml(d.tag)}</a>`).join(', ')}</p>`;
}

function violationItem(v: ReportedViolation): string {
  const rule = v.schemaLocation !== undefined ? `<br><span class="rule">schema rule <code>${escapeHtml(v.schemaLocation)}</code></span>` : '';
  return `<li><code>${escapeHtml(v.pointer || '(body)')}</code> <span class="grade ${v.grade}">${v.grade}</span> <em>${escapeHtml(v.keyword)}</em>: ${escapeHtml(v.message)}${rule}</li>`;
}

/** The answer: status, content type and time, the headers where they were recorded, the body with its violations marked. */
function responseSection(ex: ReportedExchange, violations: readonly ReportedViolation[]): string {
  if (ex.httpStatus === null) return `<h4>Response</h4><p class="res">No response after ${Math.round(ex.latencyMs)} ms.</p>`;
  const marked = new Set(violations.map((v) => markable(ex.body, v.pointer)));
  const body = typeof ex.body === 'string' ? escapeHtml(ex.body) : renderJsonHtml(ex.body, marked);
  const headers = ex.responseHeaders !== undefined && Object.keys(ex.responseHeaders).length > 0 ? `<pre class="headers">${escapeHtml(headersText(ex.responseHeaders))}</pre>` : '';
  const cut = bodyCutText(ex);
  const cutNote = cut !== undefined ? `<p class="cut">Body cut: ${escapeHtml(cut)}.</p>` : '';
  return `<h4>Response</h4><p class="res">HTTP ${ex.httpStatus}, ${escapeHtml(ex.contentType ?? 'no content type')}, ${Math.round(ex.latencyMs)} ms</p>${headers}<pre class="json">${body}</pre>${cutNote}`;
}

/**
 * One failed (or warned) contract: its violations once each, the request as sent, the response, and a
 * curl line. The prober's results pages show a failed run with it.
 */
export function failureSection(result: ContractResult): string {
  const violations = result.violations.map(violationItem).join('');
  // The message repeats the violations; it is shown only when it says more (an error, the attempts).
  const message = result.violations.length === 0 || result.attempts > 1 ? `<pre class="msg">${escapeHtml(result.message ?? '')}</pre>` : '';
  let evidence = '';
  if (result.exchange) {
    const ex = result.exchange;
    const request = ex.request !== undefined ? `<h4>Request</h4><pre class="request">${escapeHtml(requestText(ex.request))}</pre>` : `<h4>Request</h4><p class="req"><code>${escapeHtml(ex.method)} ${escapeHtml(ex.path)}</code></p>`;
    evidence = `${request}${responseSection(ex, result.violations)}`;
  }
  const curl = result.curl !== null ? `<h4>Reproduce</h4><pre class="curl">${escapeHtml(result.curl)}</pre>` : '';
  return `<section class="${result.outcome === 'warning' ? 'warning' : 'failure'}" id="${escapeHtml(result.id)}"><h3>${escapeHtml(result.name)}</h3><p class="tags">${result.tags.map((t) => `<span>${escapeHtml(t)}</span>`).join(' ')}</p>${docsLine(result)}${violations ? `<ul>${violations}</ul>` : ''}${message}${evidence}${curl}</section>`;
}

/**
 * Failures by cause: the cause once, the first contract's evidence in full, the others folded
 * below it (each still with its own request and curl line).
 */
function causeSection(group: FailureGroup, byId: ReadonlyMap<string, ContractResult>): string {
  const [first, ...rest] = group.contracts.map((id) => byId.get(id)).filter((r): r is ContractResult => r !== undefined);
  if (first === undefined) return '';
  const rule = group.violation.schemaLocation !== undefined ? `<p class="rule">schema rule <code>${escapeHtml(group.violation.schemaLocation)}</code></p>` : '';
  const folded = rest.length > 0 ? `<details><summary>${rest.length} more contract${rest.length === 1 ? '' : 's'} with this cause</summary>${rest.map(failureSection).join('\n')}</details>` : '';
  return `<div class="cause"><h3 class="cause">${escapeHtml(groupHeadline(group))}</h3>${rule}${failureSection(first)}${folded}</div>`;
}

function flakySection(result: ContractResult): string {
  const attempts = result.earlierFailures
    .map((f, i) => `<li>attempt ${i + 1} failed: <pre class="msg">${escapeHtml(f.slice(f.indexOf('\n') + 1))}</pre></li>`)
    .join('');
  return `<section class="flaky" id="${escapeHtml(result.id)}"><h3>${escapeHtml(result.name)}</h3><p>passed on attempt ${result.attempts}; the attempts before failed:</p><ol>${attempts}</ol></section>`;
}

function list(items: readonly string[]): string {
  return items.map((i) => `<code>${escapeHtml(i)}</code>`).join('<br>');
}

/** New attributes and list values seen in this run, then what changed since a --compare record. */
function driftSection(drift: DriftReport | undefined, strict: boolean): string {
  if (drift === undefined) return '';
  const parts: string[] = [];
  if (drift.additive.length > 0) {
    const rows = drift.additive
      .map((f) => `<tr class="additive"><td>${f.change === 'new-enum-value' ? 'new enum value' : 'new attribute'}</td><td>${escapeHtml(f.operation ?? '')}</td><td><code>${escapeHtml(f.pointer)}</code></td><td>${list(f.requests)}</td><td>${escapeHtml(f.message)}</td><td class="num">${f.contracts.length}</td></tr>`)
      .join('\n');
    parts.push(`<h3>Additive drift (${strict ? 'fails under --strict' : 'a warning'})</h3>
<table><thead><tr><th>change</th><th>operation</th><th>pointer</th><th>seen in</th><th>message</th><th>contracts</th></tr></thead><tbody>
${rows}
</tbody></table>`);
  }
  const c = drift.comparison;
  if (c !== null) {
    const rows = c.operations
      .flatMap((o) => o.changes.map((ch) => `<tr class="${ch.grade}"><td><span class="grade ${ch.grade}">${ch.grade}</span></td><td>${escapeHtml(ch.change)}</td><td>${escapeHtml(o.operation)}</td><td><code>${escapeHtml(ch.pointer)}</code></td><td>${escapeHtml(ch.before ?? '–')}</td><td>${escapeHtml(ch.after ?? '–')}</td></tr>`))
      .join('\n');
    const notes = [
      c.notObserved.length > 0 ? `<p>Recorded but not observed in this run (not selected, or no success answer): ${list(c.notObserved)}</p>` : '',
      c.newlyObserved.length > 0 ? `<p>Observed now, not in the record: ${list(c.newlyObserved)}</p>` : '',
    ].join('');
    parts.push(`<h3>Changes since <code>${escapeHtml(c.baseline)}</code> (recorded ${escapeHtml(c.baselineRecordedAt)}${c.baselineVersion !== null ? `, GWS ${escapeHtml(c.baselineVersion)}` : ''})</h3>
<p>${c.breaking} breaking (removed or retyped), ${c.additive} additive (added attributes, new list values).</p>
${rows === '' ? '<p>No attribute changed.</p>' : `<table><thead><tr><th>grade</th><th>change</th><th>operation</th><th>pointer</th><th>before</th><th>after</th></tr></thead><tbody>\n${rows}\n</tbody></table>`}
${notes}`);
  }
  if (drift.recordedTo !== null) parts.push(`<p>Shapes recorded to <code>${escapeHtml(drift.recordedTo)}</code>.</p>`);
  return parts.length > 0 ? `<h2>Drift</h2>\n${parts.join('\n')}` : '';
}

function row(result: ContractResult): string {
  const latency = result.latencyMs === null ? '' : String(result.latencyMs);
  const note = result.outcome === 'skipped' ? escapeHtml(result.message ?? '') : result.outcome === 'flaky' ? `passed on attempt ${result.attempts}` : '';
  const name = result.outcome === 'failed' || result.outcome === 'flaky' || result.outcome === 'warning' ? `<a href="#${escapeHtml(result.id)}">${escapeHtml(result.name)}</a>` : escapeHtml(result.name);
  const outcome = result.interrupted === true ? 'interrupted' : result.outcome;
  return `<tr class="${result.outcome}"><td>${outcome}</td><td>${name}</td><td>${escapeHtml(result.tags.join(', '))}</td><td class="num">${latency}</td><td class="num">${result.attempts}</td><td>${note}</td></tr>`;
}

const ORDER: Readonly<Record<ContractResult['outcome'], number>> = { failed: 0, warning: 1, flaky: 2, passed: 3, skipped: 4 };

/** A self-contained page: summary, failures first with the offending JSON, then every contract's latency. */
export function renderHtml(report: ContractReport): string {
  const { summary } = report;
  const groups = groupFailures(report.results);
  const byId = new Map(report.results.map((r) => [r.id, r]));
  const warnings = report.results.filter((r) => r.outcome === 'warning');
  const flaky = report.results.filter((r) => r.outcome === 'flaky');
  const reasons = summary.reasons ?? (summary.failed > 0 ? [`${summary.failed} failed`] : []);
  const sorted = [...report.results].sort((a, b) => ORDER[a.outcome] - ORDER[b.outcome]);
  const features = featuresLine(summary);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gwscheck contract report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}.verdict.held{color:#176f2c}.verdict.failed{color:#b00020}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.failed td:first-child{color:#b00020;font-weight:bold}
tr.flaky td:first-child{color:#a15c00}tr.skipped{color:#777}
section.failure{border-left:4px solid #b00020;padding:0 1em;margin:1em 0}
pre{background:#f6f6f6;padding:8px;overflow:auto}mark{background:#ffd0d0;outline:1px solid #b00020}
.k{color:#05458c}.tags span{background:#eee;border-radius:3px;padding:0 4px;margin-right:4px;font-size:.9em}
.grade.breaking{color:#b00020}.grade.additive{color:#a15c00}
section.flaky,section.warning{border-left:4px solid #a15c00;padding:0 1em;margin:1em 0}tr.additive td:first-child,tr.warning td:first-child{color:#a15c00}
h3.cause{color:#b00020}div.cause{margin:1.5em 0}pre.curl{white-space:pre-wrap;word-break:break-all}h4{margin:.6em 0 .2em}
.rule code{font-size:.9em}details>summary{cursor:pointer;margin:.5em 0}
</style></head><body>
<h1>gwscheck contract: <span class="verdict ${summary.verdict}">${summary.verdict === 'held' ? 'all selected contracts held' : escapeHtml(reasons.join('; '))}</span></h1>
<p>Target <code>${escapeHtml(summary.target)}</code>${summary.simulator ? ' (embedded simulator)' : ''}, started ${escapeHtml(summary.startedAt)}, ${(summary.durationMs / 1000).toFixed(1)} s.</p>
<table class="counts"><thead><tr><th>passed</th><th>failed</th><th>warnings</th><th>flaky</th><th>skipped</th><th>total</th><th>additive drift</th></tr></thead>
<tbody><tr><td class="num">${summary.passed}</td><td class="num">${summary.failed}</td><td class="num">${summary.warnings ?? 0}</td><td class="num">${summary.flaky}</td><td class="num">${summary.skipped}</td><td class="num">${summary.total}</td><td class="num">${summary.additiveDrift ?? 0}</td></tr></tbody></table>
${features === undefined ? '' : `<p>${escapeHtml(features)}.</p>\n`}<p>Retries ${summary.retries ?? 0}${summary.failOnFlaky === true ? ', flaky contracts fail the gate' : ', flaky contracts do not fail the gate'}${summary.strict === true ? ', --strict: additive drift fails' : ''}. ${escapeHtml(shuffledOrderLine(summary) ?? 'Order stable: spec files by path, the contracts of each file as written')}.</p>
${groups.length > 0 ? `<h2>Failures</h2>\n<p>${summary.failed} failed contract(s), ${groups.length} cause(s).</p>\n${groups.map((g) => causeSection(g, byId)).join('\n')}` : ''}
${warnings.length > 0 ? `<h2>Warnings: endpoints the GWS documentation does not describe (${summary.strict === true ? 'fail under --strict' : 'a warning; --strict makes them fail'})</h2>\n${warnings.map(failureSection).join('\n')}` : ''}
${flaky.length > 0 ? `<h2>Flaky (passed only on a retry)</h2>\n${flaky.map(flakySection).join('\n')}` : ''}
${driftSection(report.drift, summary.strict === true)}
<h2>Contracts</h2>
<table><thead><tr><th>outcome</th><th>contract</th><th>tags</th><th>latency ms</th><th>attempts</th><th>note</th></tr></thead>
<tbody>
${sorted.map(row).join('\n')}
</tbody></table>
</body></html>
`;
}

export const htmlReporter: Reporter = {
  name: 'html',
  async write(report, context) {
    return [await writeReportFile(context, 'contract-report.html', renderHtml(report))];
  },
};

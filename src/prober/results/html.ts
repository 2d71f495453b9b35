import { escapeHtml, failureSection } from '../../reporters/index.ts';
import { failedContract, failureView, type OperationLookup } from './failure.ts';
import { RECENT_RUNS, type KeptRun, type ProbeRecord, type RunHistory } from './history.ts';

/** The results pages' HTML: no script, no external resource; every shown value escaped. */

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
td.ok,span.ok{color:#176f2c}td.fail,span.fail{color:#b00020;font-weight:bold}td.na,span.na,p.na{color:#777}
.timeline{white-space:nowrap}.timeline a{display:inline-block;width:9px;height:16px;margin-right:1px;border-radius:2px;vertical-align:middle;background:#2e7d32}
.timeline a.fail{background:#b00020}.timeline a.na{background:#bbb}
div.run{border-top:1px solid #ddd;padding:.4em 0}div.run:target{background:#fff8d0}p.head{margin:.2em 0}.gone{color:#777;font-style:italic}
section.failure{border-left:4px solid #b00020;padding:0 1em;margin:.5em 0}
pre{background:#f6f6f6;padding:8px;overflow:auto}mark{background:#ffd0d0;outline:1px solid #b00020}
.k{color:#05458c}.tags span{background:#eee;border-radius:3px;padding:0 4px;margin-right:4px;font-size:.9em}
.grade.breaking{color:#b00020}.grade.additive{color:#a15c00}pre.curl{white-space:pre-wrap;word-break:break-all}h4{margin:.6em 0 .2em}`;

function page(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
${STYLE}
</style></head><body>
`;
}

const END = '</body></html>\n';

/** The CSS class of a run's outcome: held, failed, or did not apply. */
function outcomeClass(run: Pick<KeptRun, 'ok' | 'reason'>): string {
  return run.ok ? 'ok' : run.reason !== null ? 'fail' : 'na';
}

function time(epochMs: number | null): string {
  if (epochMs === null) return 'never';
  const iso = new Date(epochMs).toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')}Z</time>`;
}

function outcomeText(run: Pick<KeptRun, 'outcome' | 'reason'>): string {
  return escapeHtml(run.reason === null ? run.outcome : `${run.outcome} (${run.reason})`);
}

/** `probes/{target}/{probe}`, each segment URL-encoded, relative to the server's root. */
export function probePath(target: string, probe: string): string {
  return `probes/${encodeURIComponent(target)}/${encodeURIComponent(probe)}`;
}

/** Oldest run first; `href` makes each cell's link. */
function timeline(runs: readonly KeptRun[], href: (run: KeptRun) => string): string {
  const cells = [...runs].reverse().map((run) => {
    const title = `${new Date(run.startedAt).toISOString()} ${run.reason === null ? run.outcome : `${run.outcome} (${run.reason})`}`;
    return `<a class="${outcomeClass(run)}" href="${escapeHtml(href(run))}" title="${escapeHtml(title)}"></a>`;
  });
  return `<span class="timeline">${cells.join('')}</span>`;
}

function probeRow(record: ProbeRecord): string {
  const { info, runs } = record;
  const last = runs[0];
  const lastCell = last === undefined ? '<td class="na">no run yet</td>' : `<td class="${outcomeClass(last)}">${outcomeText(last)}</td>`;
  // From /probes, `runs/{id}` resolves to /runs/{id}, which redirects to the run on its probe's page.
  const cells = timeline(runs, (run) => `runs/${run.id}`);
  return `<tr><td>${escapeHtml(info.target)}</td><td><a href="${escapeHtml(probePath(info.target, info.probe))}">${escapeHtml(info.probe)}</a></td><td>${escapeHtml(info.kind)}</td>${lastCell}<td>${time(record.lastSuccessAt)}</td><td>${time(record.lastFailureAt)}</td><td>${cells}</td></tr>\n`;
}

/** `/probes`: a row per probe, in pieces. */
export function* probesHtml(history: RunHistory): Generator<string> {
  const count = history.probes.length;
  yield `${page('gwscheck prober: probes')}<h1>Probes</h1>
<p>${count} probe${count === 1 ? '' : 's'}; the last ${history.runsKept} run${history.runsKept === 1 ? '' : 's'} of each are kept. A failed run's page shows the request as sent, the answer and the violations. <a href="./">Index</a></p>
<table><thead><tr><th>target</th><th>probe</th><th>kind</th><th>last outcome</th><th>last success</th><th>last failure</th><th>recent runs, oldest first</th></tr></thead><tbody>
`;
  for (let i = 0; i < count; i += 1) yield probeRow(history.probeAt(i, RECENT_RUNS));
  yield `</tbody></table>\n${END}`;
}

function runBlock(run: KeptRun, record: ProbeRecord, operation: OperationLookup): string {
  const status = run.statusCode === null ? 'no statusCode' : `statusCode ${run.statusCode}`;
  const head = `<p class="head">${time(run.startedAt)} <span class="${outcomeClass(run)}">${outcomeText(run)}</span>, ${run.durationMs} ms, ${status} <a href="#run-${run.id}">run ${run.id}</a></p>`;
  let body = '';
  if (run.reason !== null) {
    const failure = failureView(run, record.info, operation);
    body = failure === null ? '<p class="gone">details no longer kept</p>' : failureSection(failedContract(run, record.info, failure, operation));
  }
  return `<div class="run ${outcomeClass(run)}" id="run-${run.id}">${head}${body}</div>\n`;
}

/** `/probes/{target}/{probe}`: every kept run, newest first, a failed one with its evidence. */
export function* probeRunsHtml(record: ProbeRecord, runsKept: number, operation: OperationLookup): Generator<string> {
  const { info, runs } = record;
  const name = `${info.target} / ${info.probe}`;
  yield `${page(`gwscheck prober: ${name}`)}<h1>${escapeHtml(name)}</h1>
<p>${escapeHtml(info.kind)} probe, every ${info.intervalSeconds} s. Last success ${time(record.lastSuccessAt)}, last failure ${time(record.lastFailureAt)}. The last ${runsKept} runs are kept, newest first. <a href="../../probes">All probes</a></p>
<p>${timeline(runs, (run) => `#run-${run.id}`)}</p>
`;
  if (runs.length === 0) yield '<p class="na">no run yet</p>\n';
  for (const run of runs) yield runBlock(run, record, operation);
  yield END;
}

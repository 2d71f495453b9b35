/** The run history behind the results pages, and the pages: each run's id, the last runs of every probe, a failed run's evidence. */
export { createRunRecorder, MAX_RUNS_KEPT, RESULTS_DEFAULTS, type ResultsSettings, type RunHistory, type RunRecorder } from './history.ts';
export { resultsPages, RESULTS_INDEX_ITEMS, type ResultsPages } from './pages.ts';
export type { ProbeRunsView, ProbeSummaryView, RunView } from './views.ts';

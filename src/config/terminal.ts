import type { Environment } from './gate.ts';

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The GitHub Actions step-summary file, when the gate runs inside a workflow step. */
export function stepSummaryPath(env: Environment = process.env): string | undefined {
  return nonEmpty(env.GITHUB_STEP_SUMMARY);
}

/** How `gwscheck contract` talks to the person running it. */
export interface TerminalOutput {
  /** live: a terminal; plain: CI or a pipe (one line per contract, no escapes); off: --quiet. */
  readonly progress: 'live' | 'plain' | 'off';
  readonly color: boolean;
}

/**
 * Progress and colour from the flags, the environment and whether stdout is a terminal: `CI` set
 * means plain lines even on a terminal; colour follows --no-color, then NO_COLOR (no-color.org),
 * then FORCE_COLOR, then the terminal itself.
 */
export function terminalOutput(flags: { readonly quiet?: boolean; readonly noColor?: boolean }, isTTY: boolean, env: Environment = process.env): TerminalOutput {
  const forced = nonEmpty(env.FORCE_COLOR);
  const color =
    flags.noColor !== true &&
    nonEmpty(env.NO_COLOR) === undefined &&
    (forced !== undefined ? forced !== '0' && forced !== 'false' : isTTY && env.TERM !== 'dumb');
  const progress = flags.quiet === true ? 'off' : isTTY && nonEmpty(env.CI) === undefined ? 'live' : 'plain';
  return { progress, color };
}

/**
 * Route globs for faults: `*` matches within one path segment, `**` any run of characters, `**` before
 * a `/` any run of whole segments (or none); everything else is literal. A glob is compiled to a
 * small automaton and run as a set of states, one pass over the path, so that matching takes time
 * proportional to path length × glob length whatever the glob: no regex, no backtracking.
 */

type Step =
  | { readonly kind: 'char'; readonly char: string }
  /** `*`: any characters but `/`. */
  | { readonly kind: 'segment' }
  /** `**` not followed by `/`: any characters. */
  | { readonly kind: 'any' }
  /** `**` followed by `/`: nothing, or any characters ending in `/` (the slash is part of the step). */
  | { readonly kind: 'segments' };

function compile(glob: string): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      steps.push({ kind: slashAfter ? 'segments' : 'any' });
      i += slashAfter ? 2 : 1;
    } else if (ch === '*') {
      steps.push({ kind: 'segment' });
    } else {
      steps.push({ kind: 'char', char: ch });
    }
  }
  return steps;
}

/** Adds state `i` and every state reachable from it without reading (stars may match nothing, a double star before a slash too). */
function addClosed(states: Set<number>, steps: readonly Step[], start: number): void {
  for (let i = start; i <= steps.length && !states.has(i); i += 1) {
    states.add(i);
    const step = steps[i];
    if (step === undefined || step.kind === 'char') return;
  }
}

/** A compiled glob: `matches(path)` runs in O(path × glob) time. */
export function compileGlob(glob: string): (path: string) => boolean {
  const steps = compile(glob);
  return (path) => {
    // `at`: about to match step i; `inside`: within a segments step that has read characters but not its closing `/`.
    let at = new Set<number>();
    let inside = new Set<number>();
    addClosed(at, steps, 0);
    for (const ch of path) {
      const nextAt = new Set<number>();
      const nextInside = new Set<number>();
      const segmentsStep = (i: number): void => {
        nextInside.add(i);
        if (ch === '/') addClosed(nextAt, steps, i + 1);
      };
      for (const i of at) {
        const step = steps[i];
        if (step === undefined) continue;
        if (step.kind === 'char') {
          if (step.char === ch) addClosed(nextAt, steps, i + 1);
        } else if (step.kind === 'any' || (step.kind === 'segment' && ch !== '/')) {
          addClosed(nextAt, steps, i);
        } else if (step.kind === 'segments') {
          segmentsStep(i);
        }
      }
      for (const i of inside) segmentsStep(i);
      if (nextAt.size === 0 && nextInside.size === 0) return false;
      at = nextAt;
      inside = nextInside;
    }
    return at.has(steps.length);
  };
}

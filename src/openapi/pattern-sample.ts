/**
 * The shortest plain string a schema `pattern` matches, for examples: the first alternative of
 * every `|`, the fewest repetitions a quantifier allows, the first character a class admits.
 * Lookarounds and back-references are not sampled (undefined): an example is then left out rather
 * than wrong.
 */

/** Characters tried, in order, for `.` and for a negated class such as `[^/]`. */
const PLAIN_CHARACTERS = 'a0A_-x';

interface Cursor {
  readonly text: string;
  at: number;
}

class Unsupported extends Error {}

function classSample(cursor: Cursor): string {
  const { text } = cursor;
  const negated = text[cursor.at] === '^';
  if (negated) cursor.at += 1;
  const admits: ((c: string) => boolean)[] = [];
  let first: string | undefined;
  while (cursor.at < text.length && text[cursor.at] !== ']') {
    let from = text[cursor.at] ?? '';
    cursor.at += 1;
    if (from === '\\') {
      const escaped = text[cursor.at] ?? '';
      cursor.at += 1;
      if (escaped === 'd') {
        admits.push((c) => c >= '0' && c <= '9');
        first ??= '0';
        continue;
      }
      if (escaped === 'w') {
        admits.push((c) => /\w/.test(c));
        first ??= 'a';
        continue;
      }
      from = escaped;
    }
    if (text[cursor.at] === '-' && text[cursor.at + 1] !== ']' && cursor.at + 1 < text.length) {
      const to = text[cursor.at + 1] ?? from;
      cursor.at += 2;
      admits.push((c) => c >= from && c <= to);
    } else {
      const only = from;
      admits.push((c) => c === only);
    }
    first ??= from;
  }
  if (text[cursor.at] !== ']') throw new Unsupported('unclosed class');
  cursor.at += 1;
  if (!negated) {
    if (first === undefined) throw new Unsupported('empty class');
    return first;
  }
  const allowed = [...PLAIN_CHARACTERS].find((c) => !admits.some((admit) => admit(c)));
  if (allowed === undefined) throw new Unsupported('class excludes every plain character');
  return allowed;
}

function atomSample(cursor: Cursor): string {
  const { text } = cursor;
  const c = text[cursor.at] ?? '';
  cursor.at += 1;
  switch (c) {
    case '(': {
      if (text[cursor.at] === '?') {
        if (text[cursor.at + 1] !== ':') throw new Unsupported('lookaround');
        cursor.at += 2;
      }
      const inner = alternativesSample(cursor);
      if (text[cursor.at] !== ')') throw new Unsupported('unclosed group');
      cursor.at += 1;
      return inner;
    }
    case '[':
      return classSample(cursor);
    case '.':
      return PLAIN_CHARACTERS[0] ?? 'a';
    case '^':
    case '$':
      return '';
    case '\\': {
      const escaped = text[cursor.at] ?? '';
      cursor.at += 1;
      if (escaped === 'd') return '0';
      if (escaped === 'w') return 'a';
      if (escaped === 's') return ' ';
      if (/[1-9bBk]/.test(escaped)) throw new Unsupported('back-reference or boundary');
      return escaped;
    }
    default:
      return c;
  }
}

/** How often the atom before the cursor repeats at least; moves past the quantifier. */
function minimumRepeats(cursor: Cursor): number {
  const { text } = cursor;
  const q = text[cursor.at];
  let repeats = 1;
  if (q === '*' || q === '?') {
    repeats = 0;
    cursor.at += 1;
  } else if (q === '+') {
    cursor.at += 1;
  } else if (q === '{') {
    const match = /^\{(\d+)(,\d*)?\}/.exec(text.slice(cursor.at));
    if (match === null) return 1;
    repeats = Number(match[1]);
    cursor.at += match[0].length;
  } else {
    return 1;
  }
  if (text[cursor.at] === '?') cursor.at += 1;
  return repeats;
}

function sequenceSample(cursor: Cursor): string {
  let out = '';
  while (cursor.at < cursor.text.length && cursor.text[cursor.at] !== '|' && cursor.text[cursor.at] !== ')') {
    const atom = atomSample(cursor);
    out += atom.repeat(minimumRepeats(cursor));
  }
  return out;
}

function alternativesSample(cursor: Cursor): string {
  const first = sequenceSample(cursor);
  while (cursor.text[cursor.at] === '|') {
    cursor.at += 1;
    sequenceSample(cursor);
  }
  return first;
}

/** A short string matching `pattern`, or undefined when the pattern uses what this does not sample. */
export function patternSample(pattern: string): string | undefined {
  try {
    const cursor: Cursor = { text: pattern, at: 0 };
    const sample = alternativesSample(cursor);
    if (cursor.at !== pattern.length) return undefined;
    return new RegExp(pattern, 'u').test(sample) ? sample : undefined;
  } catch {
    return undefined;
  }
}

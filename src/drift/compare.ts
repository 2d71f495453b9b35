import type { DriftGrade } from '../contracts/index.ts';
import { EMPTY_SHAPE, parentPointer, typesOf, type OperationShape, type OperationShapes } from './shape.ts';

export type ShapeChangeKind = 'added' | 'removed' | 'retyped' | 'new-enum-value';

export interface ShapeChange {
  readonly pointer: string;
  readonly change: ShapeChangeKind;
  /**
   * removed and retyped are breaking: a client that read the attribute breaks. added and a new
   * value of an open list are additive: news, nothing breaks.
   */
  readonly grade: DriftGrade;
  /** Types (or, for an enum value, nothing) before; null when the attribute was not there. */
  readonly before: string | null;
  /** Types now (or the new enum value); null when the attribute is gone. */
  readonly after: string | null;
}

export interface OperationChanges {
  readonly operation: string;
  readonly changes: readonly ShapeChange[];
}

export interface ShapeComparison {
  /** The record compared with, as given (`--compare FILE`). */
  readonly baseline: string;
  readonly baselineRecordedAt: string;
  readonly baselineVersion: string | null;
  /** Operations both the record and this run observed. */
  readonly compared: readonly string[];
  /** Only operations with at least one change. */
  readonly operations: readonly OperationChanges[];
  /** Operations in the record that this run did not observe (not selected, or no success answer). */
  readonly notObserved: readonly string[];
  /** Operations this run observed that the record does not hold. */
  readonly newlyObserved: readonly string[];
  readonly breaking: number;
  readonly additive: number;
}

const GRADE: Readonly<Record<ShapeChangeKind, DriftGrade>> = { added: 'additive', 'new-enum-value': 'additive', removed: 'breaking', retyped: 'breaking' };

const CONTAINERS = new Set(['object', 'array']);

function change(pointer: string, kind: ShapeChangeKind, before: string | null, after: string | null): ShapeChange {
  return { pointer, change: kind, grade: GRADE[kind], before, after };
}

/**
 * What changed in one operation's shape. An attribute counts as removed only where its parent was
 * seen now as an object or array: an empty list or a parent that is itself gone or retyped says
 * nothing about its children (and the parent's own change is reported). Children of an added
 * attribute are not listed apart from it.
 */
export function compareShape(before: OperationShape, after: OperationShape): ShapeChange[] {
  const changes: ShapeChange[] = [];
  const pointers = [...new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])].sort();
  for (const pointer of pointers) {
    const was = before.attributes[pointer];
    const now = after.attributes[pointer];
    const parent = parentPointer(pointer);
    if (was === undefined && now !== undefined) {
      if (parent !== '' && before.attributes[parent] === undefined) continue;
      changes.push(change(pointer, 'added', null, now));
    } else if (was !== undefined && now === undefined) {
      // Items of a list that is empty now: the list's length is data, not shape.
      if (pointer.endsWith('/*')) continue;
      const parentNow = parent === '' ? new Set(['object']) : typesOf(after, parent);
      if (![...parentNow].some((t) => CONTAINERS.has(t))) continue;
      changes.push(change(pointer, 'removed', was, null));
    } else if (was !== undefined && now !== undefined) {
      const known = typesOf(before, pointer);
      // A type that was never seen there is a change; a narrower set (null no longer seen) is not.
      if ([...typesOf(after, pointer)].some((t) => !known.has(t))) changes.push(change(pointer, 'retyped', was, now));
    }
  }
  for (const [pointer, values] of Object.entries(after.enumValues)) {
    const known = new Set(before.enumValues[pointer] ?? []);
    // Values of a list first seen now are part of that attribute's own news.
    if (before.attributes[pointer] === undefined) continue;
    for (const value of values) if (!known.has(value)) changes.push(change(pointer, 'new-enum-value', null, value));
  }
  return changes;
}

export interface Baseline {
  readonly file: string;
  readonly recordedAt: string;
  readonly version: string | null;
  readonly operations: OperationShapes;
}

/** Compares this run's shapes with a recorded baseline, operation by operation. */
export function compareShapes(baseline: Baseline, now: OperationShapes): ShapeComparison {
  const operations: OperationChanges[] = [];
  const compared: string[] = [];
  const notObserved: string[] = [];
  for (const operation of Object.keys(baseline.operations).sort()) {
    const current = now[operation];
    if (current === undefined) {
      notObserved.push(operation);
      continue;
    }
    compared.push(operation);
    const changes = compareShape(baseline.operations[operation] ?? EMPTY_SHAPE, current);
    if (changes.length > 0) operations.push({ operation, changes });
  }
  const all = operations.flatMap((o) => o.changes);
  return {
    baseline: baseline.file,
    baselineRecordedAt: baseline.recordedAt,
    baselineVersion: baseline.version,
    compared,
    operations,
    notObserved,
    newlyObserved: Object.keys(now).filter((op) => baseline.operations[op] === undefined).sort(),
    breaking: all.filter((c) => c.grade === 'breaking').length,
    additive: all.filter((c) => c.grade === 'additive').length,
  };
}

/** One line per change, as stdout and the Markdown summary show them: `get-me: removed /user/userName (string)`. */
export function describeChange(operation: string, c: ShapeChange): string {
  switch (c.change) {
    case 'added':
      return `${operation}: added ${c.pointer} (${c.after ?? ''})`;
    case 'removed':
      return `${operation}: removed ${c.pointer} (was ${c.before ?? ''})`;
    case 'retyped':
      return `${operation}: retyped ${c.pointer} from ${c.before ?? ''} to ${c.after ?? ''}`;
    case 'new-enum-value':
      return `${operation}: new value ${JSON.stringify(c.after)} at ${c.pointer}`;
  }
}

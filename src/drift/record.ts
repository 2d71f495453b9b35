import { readFile, writeFile } from 'node:fs/promises';
import type { OperationShape, OperationShapes } from './shape.ts';

export const SHAPE_RECORD_KIND = 'gwscheck-shapes';

/** What `gwscheck contract --record FILE` writes and `--compare FILE` reads. Fields are only ever added. */
export interface ShapeRecord {
  readonly schemaVersion: 1;
  readonly kind: typeof SHAPE_RECORD_KIND;
  readonly recordedAt: string;
  /** API root the shapes were observed on (credentials never included). */
  readonly target: string;
  /** GWS version from GET /diagnostics/version, when the target told it. */
  readonly version: string | null;
  /** The selection of the recording run, so a comparison can be made with the same one. */
  readonly selection: { readonly grep: string | null; readonly tags: readonly string[] };
  readonly operations: OperationShapes;
}

/** A shape record that cannot be read or is not one: one line naming the file and what was expected. */
export class ShapeRecordError extends Error {
  override readonly name = 'ShapeRecordError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkShape(value: unknown, where: string, fail: (why: string) => never): OperationShape {
  if (!isRecord(value) || !isRecord(value.attributes) || !isRecord(value.enumValues)) fail(`${where} is not {"attributes":{...},"enumValues":{...}}`);
  for (const [pointer, types] of Object.entries(value.attributes)) {
    if (!pointer.startsWith('/') || typeof types !== 'string' || !/^[a-z]+(\|[a-z]+)*$/.test(types)) {
      fail(`${where} attribute ${JSON.stringify(pointer)}: ${JSON.stringify(types)} is not a JSON type list such as "string" or "null|string"`);
    }
  }
  for (const [pointer, values] of Object.entries(value.enumValues)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) fail(`${where} enumValues ${JSON.stringify(pointer)} is not a list of strings`);
  }
  return value as unknown as OperationShape;
}

/** Checks a parsed shape record; `source` names it in the error (`--compare "shapes.json"`). */
export function parseShapeRecord(text: string, source: string): ShapeRecord {
  const fail = (why: string): never => {
    throw new ShapeRecordError(`${source} ${why}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    fail(`is not JSON (${error instanceof Error ? error.message : String(error)}); expected a file written by gwscheck contract --record`);
  }
  if (!isRecord(value) || value.kind !== SHAPE_RECORD_KIND) fail(`is not a gwscheck shape record (expected "kind": "${SHAPE_RECORD_KIND}", written by gwscheck contract --record)`);
  const record = value as Record<string, unknown>;
  if (record.schemaVersion !== 1) fail(`has schemaVersion ${JSON.stringify(record.schemaVersion)}, expected 1`);
  if (!isRecord(record.operations)) fail('has no "operations" object');
  for (const [operation, shape] of Object.entries(record.operations as Record<string, unknown>)) checkShape(shape, `operation "${operation}"`, fail);
  const selection = isRecord(record.selection) ? record.selection : {};
  return {
    schemaVersion: 1,
    kind: SHAPE_RECORD_KIND,
    recordedAt: typeof record.recordedAt === 'string' ? record.recordedAt : '',
    target: typeof record.target === 'string' ? record.target : '',
    version: typeof record.version === 'string' ? record.version : null,
    selection: {
      grep: typeof selection.grep === 'string' ? selection.grep : null,
      tags: Array.isArray(selection.tags) ? selection.tags.filter((t): t is string => typeof t === 'string') : [],
    },
    operations: record.operations as OperationShapes,
  };
}

export async function readShapeRecord(file: string, source = `--compare "${file}"`): Promise<ShapeRecord> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ShapeRecordError(`${source} cannot be read (${code}); expected a file written by gwscheck contract --record`);
  }
  return parseShapeRecord(text, source);
}

export async function writeShapeRecord(file: string, record: ShapeRecord): Promise<void> {
  try {
    await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    throw new ShapeRecordError(`--record "${file}" cannot be written (${code})`);
  }
}

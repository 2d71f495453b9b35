/** Drift: the observed shapes of a run, their record on disk, and what changed since a record. */
export {
  EMPTY_SHAPE,
  jsonType,
  mergeShape,
  mergeShapes,
  observeShape,
  type JsonType,
  type OpenEnumTest,
  type OperationShape,
  type OperationShapes,
} from './shape.ts';
export { openEnumTest } from './open-enum.ts';
export {
  compareShape,
  compareShapes,
  describeChange,
  type Baseline,
  type OperationChanges,
  type ShapeChange,
  type ShapeChangeKind,
  type ShapeComparison,
} from './compare.ts';
export { SHAPE_RECORD_KIND, ShapeRecordError, parseShapeRecord, readShapeRecord, writeShapeRecord, type ShapeRecord } from './record.ts';

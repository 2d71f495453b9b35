/** Drift: the observed shapes of a run, their record on disk, and what changed since a record. */
export { mergeShapes, observeShape, type OperationShapes } from './shape.ts';
export { openEnumTest } from './open-enum.ts';
export { compareShapes, describeChange, type ShapeComparison } from './compare.ts';
export { SHAPE_RECORD_KIND, ShapeRecordError, readShapeRecord, writeShapeRecord, type ShapeRecord } from './record.ts';

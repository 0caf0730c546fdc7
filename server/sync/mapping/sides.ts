import type { DatesAsStrings } from '../../xero/api/xeroDates.js';
import type { SyncReason, SyncValues, VtigerRecord, XeroKind } from '../types.js';
import { contentHash } from '../values/contentHash.js';
import type { FieldMapping } from './fieldMapping.js';
import { projectVtigerRecord, projectXeroObject, type MapperContext } from './project.js';
import type { XeroObject } from './xeroObjects.js';

/** A side's sync values with their content hash: what the planner and the link store. */
export interface HashedValues {
  values: SyncValues;
  hash: string;
  issues: SyncReason[];
}

export function hashVtigerRecord(kind: XeroKind, fields: readonly FieldMapping[], record: VtigerRecord, ctx: MapperContext): HashedValues {
  const { values, issues } = projectVtigerRecord(kind, fields, record, ctx);
  return { values, hash: contentHash(values), issues };
}

export function hashXeroObject<K extends XeroKind>(
  kind: K,
  fields: readonly FieldMapping[],
  object: XeroObject<K> | DatesAsStrings<XeroObject<K>>,
  ctx: MapperContext,
): HashedValues {
  const { values, issues } = projectXeroObject(kind, fields, object, ctx);
  return { values, hash: contentHash(values), issues };
}

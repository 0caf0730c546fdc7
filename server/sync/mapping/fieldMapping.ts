import { z } from 'zod';
import { SYNC_PAIRS, type SyncPair, type XeroKind } from '../types.js';

/**
 * A mapping is a list of field mappings, one Vtiger field ⇄ one Xero field each, with a direction and an
 * optional transform. Address blocks, phone types and money need no transform entry: the Xero field's type
 * (see xeroFields.ts) says how values convert. Transforms cover what the type cannot know:
 * - `personName`: Vtiger firstname/lastname ⇄ Xero FirstName/LastName, and Xero Name = "First Last"
 *   (split at the last space when Xero has a Name only);
 * - `picklistMap`: Vtiger picklist value → Xero value (reversed for Xero → Vtiger; unmapped values pass as they are);
 * - `negate`: a checkbox meaning the opposite (Vtiger "Email Opt Out" ⇄ Xero "Include in Emails");
 * - `money`: the decimals Vtiger rounds the field to on save (2 for product and service unit prices).
 */
export const fieldTransformSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('personName'), part: z.enum(['first', 'last']) }),
  z.object({ kind: z.literal('picklistMap'), values: z.record(z.string(), z.string()) }),
  z.object({ kind: z.literal('negate') }),
  z.object({ kind: z.literal('money'), decimals: z.number().int().min(0).max(8) }),
]);
export type FieldTransform = z.infer<typeof fieldTransformSchema>;

export const fieldMappingSchema = z.object({
  vtigerField: z.string().min(1).max(100),
  xeroField: z.string().min(1).max(100),
  direction: z.enum(['both', 'toXero', 'toVtiger']),
  transform: fieldTransformSchema.optional(),
});
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

export const pairMappingSchema = z.object({
  pair: z.enum(SYNC_PAIRS),
  fields: z.array(fieldMappingSchema),
});
export type PairMapping = z.infer<typeof pairMappingSchema>;

/** A mapping as stored: every save is a new version; version 0 is the built-in default. */
export interface StoredMapping extends PairMapping {
  version: number;
}

/** The Xero kind a pair's records become: contacts and organizations are Xero contacts, products and services items. */
export function xeroKindOfPair(pair: SyncPair): Exclude<XeroKind, 'person'> {
  return pair === 'contacts' || pair === 'accounts' ? 'contact' : 'item';
}

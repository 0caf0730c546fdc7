import { z } from 'zod';
import { fieldTransformSchema } from '../../sync/mapping/fieldMapping.js';
import { defineEndpoint } from './endpoint.js';

/**
 * Settings → XTiger → Field Mapping, per module (admin).
 *
 * GET    /api/settings/field-mapping/:module         the effective mapping, the fields of both sides, problems
 * PUT    /api/settings/field-mapping/:module         save `{ fields }` as a new version (400 naming the field)
 * POST   /api/settings/field-mapping/:module/check   the problems of `{ fields }` without saving (always 200)
 * POST   /api/settings/field-mapping/:module/reset   back to the defaults (saved as a new version)
 *
 * Invoice: its fields are fixed by XTiger (the invoice is built line by line to Xero's arithmetic), so the rows
 * are read-only (`editable: false`) and save/reset answer 400; its tax map is /api/settings/tax-map.
 */
export const MAPPING_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice'] as const;
export type MappingModule = (typeof MAPPING_MODULES)[number];

export const FIELD_DIRECTIONS = ['both', 'toXero', 'toVtiger'] as const;

export const mappingRowInputSchema = z
  .object({
    vtigerField: z.string().trim().min(1).max(100),
    xeroField: z.string().trim().min(1).max(100),
    direction: z.enum(FIELD_DIRECTIONS),
    transform: fieldTransformSchema.optional(),
  })
  .strict();
export type MappingRowInput = z.infer<typeof mappingRowInputSchema>;

export const mappingRowSchema = mappingRowInputSchema.extend({
  /** default: XTiger's built-in row; auto: paired by label (auto-mapped); saved: the admin's own. */
  source: z.enum(['default', 'auto', 'saved']),
  vtigerLabel: z.string(),
  xeroLabel: z.string(),
});
export type MappingRow = z.infer<typeof mappingRowSchema>;

export const vtigerFieldOptionSchema = z.object({
  name: z.string(),
  label: z.string(),
  /** server/vtiger/schema FieldDataType: string, text, email, phone, currency, boolean, picklist, date … */
  dataType: z.string(),
  uitype: z.number().int(),
  /** A custom field (cf_…) added by an admin or an extension. */
  isCustom: z.boolean(),
  /** Vtiger fills it itself (record numbers, times): only Vtiger → Xero. */
  readOnly: z.boolean(),
  mandatory: z.boolean(),
  picklistValues: z.array(z.string()),
});
export type VtigerFieldOption = z.infer<typeof vtigerFieldOptionSchema>;

export const xeroFieldOptionSchema = z.object({
  path: z.string(),
  label: z.string(),
  type: z.string(),
  /** Xero does not accept writes to it: only Xero → Vtiger. */
  readOnly: z.boolean(),
  required: z.boolean(),
  maxLength: z.number().int().nullable(),
});
export type XeroFieldOption = z.infer<typeof xeroFieldOptionSchema>;

export const mappingProblemSchema = z.object({
  /** The Vtiger field (or Xero field for a missing required one) the message is about. */
  field: z.string(),
  message: z.string(),
});

export const fieldMappingViewSchema = z.object({
  module: z.enum(MAPPING_MODULES),
  editable: z.boolean(),
  /** 0: the built-in default (never saved); 1, 2 …: saved versions. */
  version: z.number().int(),
  savedAt: z.string().nullable(),
  rows: z.array(mappingRowSchema),
  vtigerFields: z.array(vtigerFieldOptionSchema),
  xeroFields: z.array(xeroFieldOptionSchema),
  /** Problems of the effective mapping (empty when it is valid), in the user's language where XTiger words them. */
  problems: z.array(mappingProblemSchema),
});
export type FieldMappingView = z.infer<typeof fieldMappingViewSchema>;

const moduleParams = z.object({ module: z.enum(MAPPING_MODULES) });
const fieldsBody = z.object({ fields: z.array(mappingRowInputSchema).max(200) }).strict();

export const getFieldMapping = defineEndpoint({
  method: 'get',
  path: '/api/settings/field-mapping/:module',
  access: 'admin',
  params: moduleParams,
  response: fieldMappingViewSchema,
});

export const saveFieldMapping = defineEndpoint({
  method: 'put',
  path: '/api/settings/field-mapping/:module',
  access: 'admin',
  params: moduleParams,
  body: fieldsBody,
  response: fieldMappingViewSchema,
});

export const checkFieldMapping = defineEndpoint({
  method: 'post',
  path: '/api/settings/field-mapping/:module/check',
  access: 'admin',
  params: moduleParams,
  body: fieldsBody,
  response: z.object({ valid: z.boolean(), problems: z.array(mappingProblemSchema) }),
});

export const resetFieldMapping = defineEndpoint({
  method: 'post',
  path: '/api/settings/field-mapping/:module/reset',
  access: 'admin',
  params: moduleParams,
  response: fieldMappingViewSchema,
});

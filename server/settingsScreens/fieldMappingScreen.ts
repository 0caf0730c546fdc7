import type { Knex } from 'knex';
import type { FieldMappingView, MappingModule, MappingRow, MappingRowInput, VtigerFieldOption, XeroFieldOption } from '../http/contracts/fieldMapping.js';
import { XTigerError } from '../errors/XTigerError.js';
import { translate } from '../i18n/translate.js';
import { defaultPairMapping } from '../sync/mapping/autoMap.js';
import { DEFAULT_FIELD_MAPPINGS } from '../sync/mapping/defaultMappings.js';
import { xeroKindOfPair, type FieldMapping } from '../sync/mapping/fieldMapping.js';
import { currentMapping, listMappingVersions, saveMapping } from '../sync/mapping/mappingRepository.js';
import { findMappingProblems } from '../sync/mapping/validateMapping.js';
import { XERO_FIELDS as XERO_FIELD_SPECS } from '../sync/mapping/xeroFields.js';
import { pairMappingSchema } from '../sync/mapping/fieldMapping.js';
import type { SyncPair } from '../sync/types.js';
import { readModuleMetadata, type FieldMetadata } from '../vtiger/schema/moduleMetadata.js';
import { XERO_FIELDS as XERO_BLOCK, XERO_INVOICE_TYPE_FIELD } from '../vtiger/xeroInformationBlock.js';
import { INVOICE_FIELD_ROWS } from './invoiceFields.js';

/**
 * Settings → XTiger → Field Mapping: the effective mapping of a module with each row marked default, auto-mapped
 * or saved, the fields both sides offer, and the problems the existing mapping validation finds. Saving and
 * resetting store a new version (mappingRepository); the engine picks it up on its next run.
 */
const PAIR_OF: Readonly<Record<Exclude<MappingModule, 'Invoice'>, SyncPair>> = { Contacts: 'contacts', Accounts: 'accounts', Products: 'products', Services: 'services' };

/** XTiger's own fields on the module (the Xero Information block) are written by the sync, never mapped. */
const OWN_FIELDS = new Set<string>([...Object.values(XERO_BLOCK).map((f) => f.fieldname), XERO_INVOICE_TYPE_FIELD.fieldname]);

const key = (fm: MappingRowInput | FieldMapping): string => JSON.stringify([fm.vtigerField, fm.xeroField, fm.direction, fm.transform ?? null]);

function vtigerOptions(fields: readonly FieldMetadata[]): VtigerFieldOption[] {
  return fields
    .filter((f) => f.active && !OWN_FIELDS.has(f.name))
    .map((f) => ({ name: f.name, label: f.label, dataType: f.dataType, uitype: f.uitype, isCustom: f.isCustom, readOnly: f.readOnly, mandatory: f.mandatory, picklistValues: f.picklistValues }));
}

function rowsOf(pair: SyncPair, mapping: readonly FieldMapping[], fields: readonly FieldMetadata[]): MappingRow[] {
  const defaults = new Set(DEFAULT_FIELD_MAPPINGS[pair].map(key));
  const auto = new Set(defaultPairMapping(pair, fields).fields.filter((fm) => !defaults.has(key(fm))).map(key));
  const labels = new Map(fields.map((f) => [f.name, f.label]));
  const kind = xeroKindOfPair(pair);
  return mapping.map((fm) => ({
    vtigerField: fm.vtigerField,
    xeroField: fm.xeroField,
    direction: fm.direction,
    ...(fm.transform ? { transform: fm.transform } : {}),
    source: defaults.has(key(fm)) ? 'default' : auto.has(key(fm)) ? 'auto' : 'saved',
    vtigerLabel: labels.get(fm.vtigerField) ?? fm.vtigerField,
    xeroLabel: XERO_FIELD_SPECS[kind].find((s) => s.path === fm.xeroField)?.label ?? fm.xeroField,
  }));
}

/** Products whose Part Number (mapped to the Xero Item Code) is empty fail until one is entered: said on the screen. */
async function partNumberWarnings(knex: Knex, pair: SyncPair, mapping: readonly FieldMapping[], fields: readonly FieldMetadata[], language: string | undefined): Promise<Array<{ field: string; message: string }>> {
  const code = mapping.find((fm) => fm.xeroField === 'code' && fm.direction !== 'toVtiger');
  const field = code ? fields.find((f) => f.name === code.vtigerField) : undefined;
  if (pair !== 'products' || !field || field.table !== 'vtiger_products') return [];
  const rows = (await knex('vtiger_products as p')
    .join('vtiger_crmentity as e', 'e.crmid', 'p.productid')
    .where('e.deleted', 0)
    .andWhere((q) => q.whereNull(`p.${field.column}`).orWhere(`p.${field.column}`, ''))
    .count({ n: '*' })) as Array<{ n: number | string }>;
  const count = Number(rows[0]?.n ?? 0);
  return count > 0 ? [{ field: field.name, message: translate(language, 'settings.mapping.partNumberEmpty', { count, label: field.label, field: field.name }) }] : [];
}

export async function readFieldMappingView(knex: Knex, module: MappingModule, language: string | undefined): Promise<FieldMappingView> {
  const meta = await readModuleMetadata(knex, module);
  if (module === 'Invoice') {
    const labels = new Map(meta.fields.map((f) => [f.name, f.label]));
    return {
      module,
      editable: false,
      version: 0,
      savedAt: null,
      rows: INVOICE_FIELD_ROWS.filter((r) => r.vtigerField === 'lineItems' || labels.has(r.vtigerField)).map((r) => ({
        vtigerField: r.vtigerField,
        xeroField: r.xeroField,
        direction: r.direction,
        source: 'default' as const,
        vtigerLabel: labels.get(r.vtigerField) ?? r.vtigerLabel,
        xeroLabel: r.xeroLabel,
      })),
      vtigerFields: vtigerOptions(meta.fields),
      xeroFields: INVOICE_FIELD_ROWS.map((r) => ({ path: r.xeroField, label: r.xeroLabel, type: r.xeroType, readOnly: r.direction === 'toVtiger', required: r.required, maxLength: null })),
      problems: [],
    };
  }
  const pair = PAIR_OF[module];
  const mapping = await currentMapping(knex, pair, meta.fields);
  const versions = await listMappingVersions(knex, pair);
  const saved = versions.find((v) => v.version === mapping.version);
  const xeroFields: XeroFieldOption[] = XERO_FIELD_SPECS[xeroKindOfPair(pair)].map((s) => ({ path: s.path, label: s.label, type: s.type, readOnly: s.readOnly ?? false, required: s.required ?? false, maxLength: s.maxLength ?? null }));
  return {
    module,
    editable: true,
    version: mapping.version,
    savedAt: saved ? new Date(`${saved.createdAt.replace(' ', 'T')}Z`).toISOString() : null,
    rows: rowsOf(pair, mapping.fields, meta.fields),
    vtigerFields: vtigerOptions(meta.fields),
    xeroFields,
    problems: [...findMappingProblems(mapping, meta.fields), ...(await partNumberWarnings(knex, pair, mapping.fields, meta.fields, language))],
  };
}

function editablePair(module: MappingModule, language: string | undefined): SyncPair {
  if (module === 'Invoice') throw new XTigerError('BAD_REQUEST', translate(language, 'settings.mapping.invoiceFixed'), { details: { field: 'module' } });
  return PAIR_OF[module];
}

export async function checkFieldMapping(knex: Knex, module: MappingModule, fields: readonly MappingRowInput[], language: string | undefined): Promise<{ valid: boolean; problems: Array<{ field: string; message: string }> }> {
  const pair = editablePair(module, language);
  const meta = await readModuleMetadata(knex, module);
  const problems = findMappingProblems(pairMappingSchema.parse({ pair, fields }), meta.fields);
  return { valid: problems.length === 0, problems };
}

export async function saveFieldMapping(knex: Knex, module: MappingModule, fields: readonly MappingRowInput[], user: { userId: number } | undefined, at: Date, language: string | undefined): Promise<FieldMappingView> {
  const pair = editablePair(module, language);
  const meta = await readModuleMetadata(knex, module);
  await saveMapping(knex, { pair, fields }, meta.fields, { at, ...(user ? { savedBy: String(user.userId) } : {}) });
  return readFieldMappingView(knex, module, language);
}

export async function resetFieldMapping(knex: Knex, module: MappingModule, user: { userId: number } | undefined, at: Date, language: string | undefined): Promise<FieldMappingView> {
  const pair = editablePair(module, language);
  const meta = await readModuleMetadata(knex, module);
  await saveMapping(knex, defaultPairMapping(pair, meta.fields), meta.fields, { at, ...(user ? { savedBy: String(user.userId) } : {}) });
  return readFieldMappingView(knex, module, language);
}

import { Decimal } from 'decimal.js';
import type { Knex } from 'knex';
import type { FieldMetadata, ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { emptyColumnValue, phpString, toColumnValue, toUtf8mb3, type ValueContext } from './fieldValues.js';
import { recordCreateHistory, recordDeleteHistory, recordUpdateHistory, HISTORY_STATUS } from './history.js';
import { assertNoInventoryTypeError, insertLines, readLines, removeLines, storeTotals } from './inventoryStore.js';
import { refreshLookups } from './lookups.js';
import { columnsByTable, insertRecordRows, readStoredValues, updateRecordRows, writableOnCreate, writableOnEdit, type ColumnValue, type StoredValues } from './recordRows.js';
import { formatRecord, inventoryRetrieveParts, ValueFormatter } from './recordResponse.js';
import { INVENTORY_MODULES, PRODUCT_MODULES, type VtigerCatalog } from './vtigerCatalog.js';
import { fault, WsFault } from './wsFault.js';

/**
 * create / retrieve / update / revise / delete applied to the database the way Vtiger 8.2 does (see README).
 */
export interface DoubleUser {
  id: number;
  userName: string;
  currencyId: number;
}

export interface OperationContext {
  knex: Knex;
  catalog: VtigerCatalog;
  user: DoubleUser;
  /** `yyyy-mm-dd hh:mm:ss` in UTC. */
  now(): string;
}

const LINE_TABLE = 'vtiger_inventoryproductrel';
const CRMENTITY = 'vtiger_crmentity';

type Element = Record<string, unknown>;

function valueContext(ctx: OperationContext): ValueContext {
  return { ids: ctx.catalog, currentUserId: ctx.user.id };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || phpString(value).trim() === '';
}

/** Resolves a webservice id to an existing, not deleted record of the right module. */
async function resolveRecord(ctx: OperationContext, id: unknown): Promise<{ crmid: number; meta: ModuleMetadata; wsId: string }> {
  const text = phpString(id).trim();
  if (text === '') throw fault.deniedForId();
  const m = /^(\d+)x(\d+)$/.exec(text);
  if (!m?.[1] || !m[2]) throw ctx.catalog.moduleOfPrefix(text) ? fault.denied() : fault.deniedForId();
  const module = ctx.catalog.moduleOfPrefix(m[1]);
  if (!module) throw fault.deniedForId();
  const meta = await ctx.catalog.module(module);
  const crmid = Number(m[2]);
  const row = (await ctx.knex(CRMENTITY).where('crmid', crmid).first('setype', 'deleted')) as { setype: string; deleted: number } | undefined;
  if (!row || Number(row.deleted) === 1) throw fault.denied();
  if (row.setype !== module) throw fault.wrongPrefix();
  return { crmid, meta, wsId: text };
}

function isWritable(field: FieldMetadata, mode: 'create' | 'edit'): boolean {
  if (field.table === LINE_TABLE || field.table === 'vtiger_crmentity_user_field') return false;
  if (field.name === 'modifiedby') return false;
  return mode === 'create' ? writableOnCreate(field) : writableOnEdit(field);
}

/** Converts the given fields (unknown names are ignored, as in Vtiger). */
function convertGiven(ctx: OperationContext, meta: ModuleMetadata, element: Element, mode: 'create' | 'edit'): Map<string, ColumnValue> {
  const values = new Map<string, ColumnValue>();
  for (const field of meta.fields) {
    if (!(field.name in element) || !isWritable(field, mode) || field.uitype === 4) continue;
    let value = toColumnValue(field, element[field.name], valueContext(ctx));
    if (PRODUCT_MODULES.has(meta.name) && field.name === 'unit_price' && value !== null && value !== '') {
      value = new Decimal(String(value) || '0').toDecimalPlaces(2).toFixed(2); // prices are rounded to 2 decimals on save
    }
    values.set(field.name, value);
  }
  return values;
}

function checkMandatory(meta: ModuleMetadata, element: Element, mode: 'create' | 'update' | 'revise'): void {
  for (const field of meta.fields) {
    if (!field.active || !field.mandatory || field.uitype === 4 || field.displaytype === 2) continue;
    if (field.table === LINE_TABLE && field.name !== 'productid') continue;
    const given = field.name in element;
    if (mode === 'revise' && !given) continue;
    if (isBlank(element[field.name])) throw fault.mandatory(field.name);
  }
}

/** Vtiger compares the raw input (an emoji name never matches its stored `????` form). */
async function checkDuplicates(ctx: OperationContext, meta: ModuleMetadata, element: Element, exceptCrmid?: number): Promise<void> {
  const tab = (await ctx.knex('vtiger_tab').where('tabid', meta.tabid).first('allowduplicates')) as { allowduplicates: number | null } | undefined;
  if (!tab || Number(tab.allowduplicates) !== 0) return;
  const unique = (await ctx.knex('vtiger_field').where({ tabid: meta.tabid, isunique: 1 }).select('fieldname')) as Array<{ fieldname: string }>;
  const fields = unique.map((u) => meta.fields.find((f) => f.name === u.fieldname)).filter((f): f is FieldMetadata => !!f && f.name in element);
  if (fields.length === 0) return;
  // A 4-byte character never equals what a utf8mb3 column holds (its `????`): no duplicate.
  if (fields.some((f) => /[\u{10000}-\u{10FFFF}]/u.test(phpString(element[f.name])))) return;
  const base = meta.tables.find((t) => t.name === meta.baseTable);
  if (!base) return;
  const query = ctx.knex(meta.baseTable).join(CRMENTITY, `${CRMENTITY}.crmid`, `${meta.baseTable}.${base.index}`).where(`${CRMENTITY}.deleted`, 0);
  for (const f of fields) query.andWhere(`${f.table}.${f.column}`, phpString(element[f.name]));
  if (exceptCrmid !== undefined) query.andWhereNot(`${CRMENTITY}.crmid`, exceptCrmid);
  if (await query.first(`${CRMENTITY}.crmid`)) throw fault.duplicate();
}

function labelOf(meta: ModuleMetadata, element: Element, stored?: StoredValues): string {
  const parts = meta.labelFields.map((name) => (name in element ? toUtf8mb3(phpString(element[name])) : phpString(stored?.get(name) ?? '')));
  return parts.filter((p) => p !== '').join(' ');
}

async function nextCrmid(knex: Knex): Promise<number> {
  const row = (await knex('vtiger_crmentity_seq').forUpdate().first('id')) as { id: number };
  const id = Number(row.id) + 1;
  await knex('vtiger_crmentity_seq').update({ id });
  return id;
}

async function nextRecordNumber(knex: Knex, module: string): Promise<string> {
  const row = (await knex('vtiger_modentity_num').where({ semodule: module, active: 1 }).forUpdate().first('num_id', 'prefix', 'cur_id')) as
    | { num_id: number; prefix: string; cur_id: string }
    | undefined;
  if (!row) return '';
  await knex('vtiger_modentity_num').where('num_id', row.num_id).update({ cur_id: String(Number(row.cur_id) + 1) });
  return `${row.prefix}${row.cur_id}`;
}

/** The first line's values stand for the record's line fields (what Vtiger's history shows for them). */
async function withFirstLine(knex: Knex, meta: ModuleMetadata, crmid: number, values: StoredValues): Promise<StoredValues> {
  if (!INVENTORY_MODULES.has(meta.name)) return values;
  const first = (await readLines(knex, crmid))[0] as Record<string, ColumnValue> | undefined;
  const out = new Map(values);
  for (const field of meta.fields) if (field.table === LINE_TABLE) out.set(field.name, first ? (first[field.column] ?? null) : null);
  return out;
}

async function saveProductExtras(ctx: OperationContext, meta: ModuleMetadata, crmid: number, element: Element, given: Map<string, ColumnValue>, creating: boolean): Promise<void> {
  if (!PRODUCT_MODULES.has(meta.name)) return;
  const taxes = ctx.catalog.taxes.filter((t) => !isBlank(element[t.taxname]));
  if (creating || taxes.length > 0) {
    await ctx.knex('vtiger_producttaxrel').where('productid', crmid).delete();
    for (const tax of taxes) {
      await ctx.knex('vtiger_producttaxrel').insert({ productid: crmid, taxid: tax.taxid, taxpercentage: phpString(element[tax.taxname]), regions: '[]' });
    }
  }
  const price = given.get('unit_price');
  if (creating || price !== undefined) {
    await ctx.knex('vtiger_productcurrencyrel').where('productid', crmid).delete();
    const stored = price ?? 0;
    await ctx.knex('vtiger_productcurrencyrel').insert({ productid: crmid, currencyid: ctx.user.currencyId, converted_price: stored, actual_price: stored });
  }
}

/**
 * The answer to a write or a retrieve. Inventory records come in the shapes Vtiger's inventory handler gives:
 * `retrieve` and `create` (with `new: true`) carry charges, `LineItems` and final details; `update` with lines
 * adds the first line's fields; `revise` without lines (and `update` without lines, which Vtiger turns into a
 * revise) gives the plain record with the first line's fields and `LineItems`; the writes merge the request's
 * element under the result. Products and services carry `currency1` and `currency_id`.
 */
type ResponseShape = 'retrieve' | 'create' | 'updateWithLines' | 'reviseWithLines' | 'revise';

async function respond(ctx: OperationContext, meta: ModuleMetadata, crmid: number, shape: ResponseShape = 'retrieve', element: Element = {}): Promise<Record<string, unknown>> {
  const values = await withFirstLine(ctx.knex, meta, crmid, await readStoredValues(ctx.knex, meta, crmid, ctx.user.id));
  const entity = (await ctx.knex(CRMENTITY).where('crmid', crmid).first('label')) as { label: string | null };
  const formatter = new ValueFormatter(ctx.knex, ctx.catalog);
  const withLineFields = shape === 'updateWithLines' || shape === 'revise';
  const record = await formatRecord(formatter, meta, values, ctx.catalog.wsId(meta.name, crmid), entity.label ?? '', { withLineFields });
  if (PRODUCT_MODULES.has(meta.name)) {
    const price = (await ctx.knex('vtiger_productcurrencyrel').where({ productid: crmid, currencyid: ctx.user.currencyId }).first('actual_price')) as
      | { actual_price: string }
      | undefined;
    const base = (await ctx.knex(meta.baseTable).where(meta.baseIndex, crmid).first('currency_id')) as { currency_id: number } | undefined;
    return { ...record, currency1: Number(price?.actual_price ?? 0), currency_id: ctx.catalog.wsId('Currency', base?.currency_id ?? 1) };
  }
  if (!INVENTORY_MODULES.has(meta.name)) return record;
  const parts = await inventoryRetrieveParts(ctx.knex, ctx.catalog, meta, crmid, values);
  if (shape !== 'retrieve' && shape !== 'revise') {
    // After saving lines Vtiger answers the totals as PHP floats (575.3754999999999), not as column strings.
    for (const key of ['hdnSubTotal', 'hdnGrandTotal', 'pre_tax_total']) record[key] = Number(record[key]);
  }
  if (shape === 'revise') return { ...element, ...record, LineItems: parts['LineItems'] };
  if (shape === 'retrieve') return { ...record, ...parts };
  return { ...element, ...record, ...parts, ...(shape === 'create' ? { new: true } : {}) };
}

/** Vtiger's inventory save sets a missing conversion rate to 1. */
function withDefaultConversionRate(element: Element): Element {
  return isBlank(element['conversion_rate']) || Number(phpString(element['conversion_rate'])) === 0 ? { ...element, conversion_rate: '1' } : element;
}

export async function createRecord(ctx: OperationContext, elementType: unknown, givenElement: Element): Promise<Record<string, unknown>> {
  let element = givenElement;
  const module = phpString(elementType);
  if (module === 'Users') throw fault.deniedForId(); // roleid is a reference without refersTo (recorded)
  const meta = await ctx.catalog.module(module);
  const inventory = INVENTORY_MODULES.has(module);
  const lines = Array.isArray(element['LineItems']) ? (element['LineItems'] as Element[]) : [];
  if (inventory) {
    if (lines.length === 0) throw new WsFault('MANDATORY_FIELDS_MISSING', 'Mandatory Fields Missing..');
    await assertNoInventoryTypeError(ctx.knex, element);
    element = withDefaultConversionRate(element);
  }
  const given = convertGiven(ctx, meta, element, 'create');
  checkMandatory(meta, element, 'create');
  await checkDuplicates(ctx, meta, element);

  return ctx.knex.transaction(async (trx) => {
    const tctx = { ...ctx, knex: trx };
    const now = ctx.now();
    const crmid = await nextCrmid(trx);
    const label = labelOf(meta, element);
    const values = new Map<string, ColumnValue>();
    for (const field of meta.fields) {
      if (field.table === CRMENTITY || !isWritable(field, 'create')) continue;
      values.set(field.name, field.uitype === 4 ? await nextRecordNumber(trx, module) : given.has(field.name) ? (given.get(field.name) ?? null) : emptyColumnValue(field));
    }
    const owner = given.get('assigned_user_id') ?? ctx.user.id;
    await trx(CRMENTITY).insert({
      crmid,
      smcreatorid: ctx.user.id,
      smownerid: owner,
      modifiedby: ctx.user.id,
      setype: module,
      description: given.get('description') ?? '',
      createdtime: now,
      modifiedtime: now,
      version: 0,
      presence: 1,
      deleted: 0,
      smgroupid: 0,
      source: 'WEBSERVICE',
      label,
    });
    await insertRecordRows(trx, meta, crmid, columnsByTable(meta, values));
    if (meta.tables.some((t) => t.kind === 'perUser')) await trx('vtiger_crmentity_user_field').insert({ recordid: crmid, userid: ctx.user.id, starred: '0' });
    await saveProductExtras(tctx, meta, crmid, element, given, true);
    if (inventory) {
      const taxType = phpString(element['hdnTaxType']) || 'individual';
      await insertLines(trx, ctx.catalog, meta, crmid, taxType, lines, true);
      await storeTotals(trx, ctx.catalog, meta, crmid, { ...element, hdnTaxType: taxType });
    }
    const stored = await readStoredValues(trx, meta, crmid, ctx.user.id);
    await refreshLookups(trx, meta, crmid, stored);
    if (ctx.catalog.isTracked(meta)) {
      await recordCreateHistory(trx, meta, {
        crmid,
        userId: ctx.user.id,
        now,
        label,
        values: await withFirstLine(trx, meta, crmid, stored),
        status: inventory ? HISTORY_STATUS.updated : HISTORY_STATUS.created, // inventory creates are logged as updates (recorded)
      });
    }
    return respond(tctx, meta, crmid, inventory ? 'create' : 'retrieve', element);
  });
}

export async function retrieveRecord(ctx: OperationContext, id: unknown): Promise<Record<string, unknown>> {
  const { crmid, meta } = await resolveRecord(ctx, id);
  return respond(ctx, meta, crmid);
}

export async function updateRecord(ctx: OperationContext, givenElement: Element, mode: 'update' | 'revise'): Promise<Record<string, unknown>> {
  const { crmid, meta } = await resolveRecord(ctx, givenElement['id']);
  const inventory = INVENTORY_MODULES.has(meta.name);
  if (inventory) await assertNoInventoryTypeError(ctx.knex, givenElement);
  const element = inventory ? withDefaultConversionRate(givenElement) : givenElement;
  const given = convertGiven(ctx, meta, element, 'edit');
  checkMandatory(meta, element, mode);
  await checkDuplicates(ctx, meta, element, crmid);

  return ctx.knex.transaction(async (trx) => {
    const tctx = { ...ctx, knex: trx };
    const now = ctx.now();
    const before = await withFirstLine(trx, meta, crmid, await readStoredValues(trx, meta, crmid, ctx.user.id));
    const entityBefore = (await trx(CRMENTITY).where('crmid', crmid).first('label')) as { label: string | null };
    const label = labelOf(meta, element, before);
    const crmentity: Record<string, ColumnValue> = { modifiedtime: now, modifiedby: ctx.user.id, label };
    if (given.has('assigned_user_id')) crmentity['smownerid'] = given.get('assigned_user_id') ?? ctx.user.id;
    if (given.has('description')) crmentity['description'] = given.get('description') ?? '';
    await trx(CRMENTITY).where('crmid', crmid).update(crmentity);
    const columns = columnsByTable(meta, new Map([...given].filter(([name]) => meta.fields.find((f) => f.name === name)?.table !== CRMENTITY)));
    await updateRecordRows(trx, meta, crmid, columns);
    await saveProductExtras(tctx, meta, crmid, element, given, false);
    const lines = Array.isArray(element['LineItems']) ? (element['LineItems'] as Element[]) : [];
    if (inventory && lines.length > 0) {
      const taxType = phpString(element['hdnTaxType']) || phpString(before.get('hdnTaxType')) || 'individual';
      await removeLines(trx, meta, crmid);
      await insertLines(trx, ctx.catalog, meta, crmid, taxType, lines, false); // 8.2 puts the old stock back but does not take the new
      await storeTotals(trx, ctx.catalog, meta, crmid, element);
    }
    const after = await readStoredValues(trx, meta, crmid, ctx.user.id);
    await refreshLookups(trx, meta, crmid, after);
    if (ctx.catalog.isTracked(meta)) {
      await recordUpdateHistory(trx, meta, {
        crmid,
        userId: ctx.user.id,
        now,
        before,
        after: await withFirstLine(trx, meta, crmid, after),
        labelBefore: entityBefore.label ?? '',
        labelAfter: label,
      });
    }
    const shape: ResponseShape = !inventory ? 'retrieve' : lines.length === 0 ? 'revise' : mode === 'update' ? 'updateWithLines' : 'reviseWithLines';
    return respond(tctx, meta, crmid, shape, element);
  });
}

export async function deleteRecord(ctx: OperationContext, id: unknown): Promise<{ status: string }> {
  const { crmid, meta } = await resolveRecord(ctx, id);
  await ctx.knex.transaction(async (trx) => {
    const now = ctx.now();
    if (INVENTORY_MODULES.has(meta.name)) await removeLines(trx, meta, crmid);
    await trx(CRMENTITY).where('crmid', crmid).update({ deleted: 1, modifiedtime: now, modifiedby: ctx.user.id });
    if (ctx.catalog.isTracked(meta)) await recordDeleteHistory(trx, meta, { crmid, userId: ctx.user.id, now });
  });
  return { status: 'successful' };
}

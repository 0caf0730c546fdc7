import type { Knex } from 'knex';
import type { FieldMetadata, ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { isReferenceField } from './fieldValues.js';
import { recordFields } from './recordRows.js';
import type { OperationContext } from './recordOperations.js';
import { ValueFormatter } from './recordResponse.js';
import { parseVtql, type Condition } from './vtql.js';
import { WsFault } from './wsFault.js';

/** Vtiger returns at most 100 rows a call, whatever LIMIT says. */
export const QUERY_ROW_CAP = 100;

const LINE_TABLE = 'vtiger_inventoryproductrel';

function queryableFields(meta: ModuleMetadata): FieldMetadata[] {
  return recordFields(meta).filter((f) => f.table !== LINE_TABLE);
}

function columnOf(meta: ModuleMetadata, name: string): { sql: string; field: FieldMetadata | undefined } {
  if (name === 'id') return { sql: 'vtiger_crmentity.crmid', field: undefined };
  const field = queryableFields(meta).find((f) => f.name === name);
  if (!field) throw new WsFault('ACCESS_DENIED', `Permission to access '.${name}.' attribute denied.`);
  return { sql: `${field.table}.${field.column}`, field };
}

/** Webservice ids in conditions on `id`, references and owners become crmids. */
function conditionValue(field: FieldMetadata | undefined, value: string): string {
  if (field === undefined || isReferenceField(field) || field.uitype === 53 || field.uitype === 117) {
    const m = /^\d+x(\d+)$/.exec(value);
    if (m?.[1]) return m[1];
  }
  return value;
}

function applyCondition(meta: ModuleMetadata, builder: Knex.QueryBuilder, condition: Condition, join: 'and' | 'or'): void {
  const method = join === 'and' ? 'where' : 'orWhere';
  switch (condition.kind) {
    case 'and':
    case 'or':
      builder[method]((nested: Knex.QueryBuilder) => {
        applyCondition(meta, nested, condition.left, 'and');
        applyCondition(meta, nested, condition.right, condition.kind);
      });
      return;
    case 'in': {
      const { sql, field } = columnOf(meta, condition.column);
      builder[method === 'where' ? 'whereIn' : 'orWhereIn'](sql, condition.values.map((v) => conditionValue(field, v)));
      return;
    }
    case 'compare': {
      const { sql, field } = columnOf(meta, condition.column);
      builder[method](sql, condition.op === '!=' ? '<>' : condition.op, conditionValue(field, condition.value));
    }
  }
}

export async function runQuery(ctx: OperationContext, sql: string | undefined): Promise<Array<Record<string, unknown>>> {
  if (sql === undefined || sql === '') throw new WsFault('ACCESS_DENIED', 'Permission to perform the operation is denied for query');
  const query = parseVtql(sql);
  if (!ctx.catalog.isEntityModule(query.module)) throw new WsFault('ACCESS_DENIED', `Permission to perform the operation is denied for name : ${query.module}`);
  const meta = await ctx.catalog.module(query.module);
  const builder = ctx.knex('vtiger_crmentity').where('vtiger_crmentity.deleted', 0).andWhere('vtiger_crmentity.setype', meta.name);
  for (const table of meta.tables) {
    if (table.kind === 'lineItem' || table.name === 'vtiger_crmentity') continue;
    if (table.kind === 'perUser') {
      builder.leftJoin(table.name, (on) => on.on(`${table.name}.${table.index}`, 'vtiger_crmentity.crmid').andOnVal(`${table.name}.userid`, ctx.user.id));
    } else builder.leftJoin(table.name, `${table.name}.${table.index}`, 'vtiger_crmentity.crmid');
  }
  if (query.where) {
    const where = query.where;
    builder.where((nested: Knex.QueryBuilder) => applyCondition(meta, nested, where, 'and'));
  }
  if (query.select === 'count') {
    const row = (await builder.count({ count: '*' }).first()) as { count: number | string };
    return [{ count: String(row.count) }];
  }
  const selected = query.select === '*' ? [...queryableFields(meta).map((f) => f.name), 'id'] : query.select;
  const columns = selected.map((name) => ({ name, ...columnOf(meta, name) }));
  builder.select('vtiger_crmentity.crmid as __crmid');
  columns.forEach((c, i) => builder.select(`${c.sql} as c${i}`));
  for (const order of query.orderBy) builder.orderBy(columnOf(meta, order.column).sql, order.descending ? 'desc' : 'asc');
  builder.orderBy('vtiger_crmentity.crmid', 'asc');
  builder.offset(query.limit?.offset ?? 0).limit(Math.min(query.limit?.count ?? QUERY_ROW_CAP, QUERY_ROW_CAP));
  const rows = (await builder) as Array<Record<string, string | number | null>>;
  const formatter = new ValueFormatter(ctx.knex, ctx.catalog);
  const out: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    for (const [i, c] of columns.entries()) {
      const value = row[`c${i}`] ?? null;
      record[c.name] = c.field ? await formatter.format(c.field, value) : ctx.catalog.wsId(meta.name, Number(row['__crmid']));
    }
    out.push(record);
  }
  return out; // inventory records come without line items, as in Vtiger
}

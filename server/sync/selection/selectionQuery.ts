import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import { ALLOW_SYNC_FIELD, type Selection } from './syncSettings.js';

/**
 * The SQL that picks a module's records for a run. Takes the module's metadata (ModuleMetadata of
 * server/vtiger/schema has every property used here) so field names become their real tables and columns.
 * Returns a query of `{ crmid }` rows, ascending; `restrictTo` intersects with known ids (e.g. a change feed).
 */
export interface SelectableModule {
  name: string;
  baseTable: string;
  baseIndex: string;
  tables: ReadonlyArray<{ name: string; index: string; kind?: string }>;
  fields: ReadonlyArray<{ name: string; table: string; column: string; dataType: string }>;
}

export interface SelectionQueryOptions {
  /** Only among these crmids. */
  restrictTo?: readonly number[];
  /** Include records deleted in Vtiger (deleted = 1), to find deletes of linked records. */
  includeDeleted?: boolean;
}

function fieldColumn(meta: SelectableModule, fieldName: string, query: Knex.QueryBuilder): string {
  const field = meta.fields.find((f) => f.name === fieldName);
  if (!field) {
    throw new XTigerError('SYNC_SETTINGS_INVALID', `${meta.name} has no field "${fieldName}" to select records by.`, { details: { module: meta.name, field: fieldName } });
  }
  if (field.table === 'vtiger_crmentity') return `e.${field.column}`;
  if (field.table === meta.baseTable) return `b.${field.column}`;
  const table = meta.tables.find((t) => t.name === field.table);
  if (!table) {
    throw new XTigerError('SYNC_SETTINGS_INVALID', `${meta.name} field "${fieldName}" lives in ${field.table}, which is not one of the module's record tables.`, {
      details: { module: meta.name, field: fieldName },
    });
  }
  query.leftJoin(`${table.name} as s`, `s.${table.index}`, 'e.crmid');
  return `s.${field.column}`;
}

export function selectionQuery(db: Knex, meta: SelectableModule, selection: Selection, options: SelectionQueryOptions = {}): Knex.QueryBuilder {
  const query = db('vtiger_crmentity as e')
    .join(`${meta.baseTable} as b`, `b.${meta.baseIndex}`, 'e.crmid')
    .select('e.crmid')
    .where('e.setype', meta.name)
    .orderBy('e.crmid');
  if (!options.includeDeleted) query.andWhere('e.deleted', 0);
  if (options.restrictTo) query.whereIn('e.crmid', options.restrictTo.length > 0 ? [...options.restrictTo] : [-1]);
  switch (selection.kind) {
    case 'all':
      break;
    case 'allowSync':
      query.andWhere(fieldColumn(meta, ALLOW_SYNC_FIELD, query), '1');
      break;
    case 'status':
      query.whereIn(fieldColumn(meta, selection.field, query), selection.values);
      break;
    case 'ids':
      query.whereIn('e.crmid', selection.crmids);
      break;
  }
  return query;
}

/** The chosen crmids, ascending. */
export async function selectCrmids(db: Knex, meta: SelectableModule, selection: Selection, options: SelectionQueryOptions = {}): Promise<number[]> {
  const rows = (await selectionQuery(db, meta, selection, options)) as Array<{ crmid: number }>;
  return rows.map((r) => Number(r.crmid));
}

/** Whether each of `crmids` is chosen: for the planner's `selected`. */
export async function selectedAmong(db: Knex, meta: SelectableModule, selection: Selection, crmids: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < crmids.length; i += 1000) {
    for (const id of await selectCrmids(db, meta, selection, { restrictTo: crmids.slice(i, i + 1000), includeDeleted: true })) out.add(id);
  }
  return out;
}

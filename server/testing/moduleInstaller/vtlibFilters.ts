import { exec, first, maxOf, nextId, type Db } from './db.js';
import type { FieldRef } from './vtlibFields.js';
import type { ModuleRef } from './vtlibModule.js';

/** List-view filters as Vtiger_Filter writes them (vtiger_customview, vtiger_cvcolumnlist, vtiger_cvadvfilter). */
export interface FilterRef {
  cvid: number;
  name: string;
  module: ModuleRef;
}

/** Vtiger_Filter::__create: "All" gets status 0 (default), every other filter 3 (public). */
export async function addFilter(db: Db, m: ModuleRef, name: string, isDefault: boolean, inMetrics: boolean): Promise<FilterRef> {
  const cvid = await nextId(db, 'vtiger_customview');
  await exec(db, 'INSERT INTO vtiger_customview (cvid, viewname, setdefault, setmetrics, entitytype) VALUES (?,?,?,?,?)', [
    cvid, name, isDefault ? 1 : 0, inMetrics ? 1 : 0, m.name,
  ]);
  await exec(db, 'UPDATE vtiger_customview SET status = ? WHERE cvid = ?', [name.trim().toUpperCase() === 'ALL' ? '0' : '3', cvid]);
  return { cvid, name, module: m };
}

/** Vtiger_Filter::__getColumnValue: `table:column:fieldname:Module_Label_With_Underscores:T` (T = typeofdata type). */
export function filterColumnValue(moduleName: string, field: Pick<FieldRef, 'table' | 'column' | 'name' | 'label' | 'typeofdata'>): string {
  const type = field.typeofdata.split('~')[0] ?? '';
  return `${field.table}:${field.column}:${field.name}:${moduleName}_${field.label.replace(/ /g, '_')}:${type}`;
}

/** Vtiger_Filter::addField: shifts later columns right and inserts at `index`. */
export async function addFilterField(db: Db, filter: FilterRef, field: FieldRef, index: number): Promise<void> {
  await exec(db, 'UPDATE vtiger_cvcolumnlist SET columnindex = columnindex + 1 WHERE cvid = ? AND columnindex >= ? ORDER BY columnindex DESC', [filter.cvid, index]);
  await exec(db, 'INSERT INTO vtiger_cvcolumnlist (cvid, columnindex, columnname) VALUES (?,?,?)', [filter.cvid, index, filterColumnValue(filter.module.name, field)]);
}

const COMPARATORS: Readonly<Record<string, string>> = {
  EQUALS: 'e', NOT_EQUALS: 'n', STARTS_WITH: 's', ENDS_WITH: 'ew', CONTAINS: 'c', DOES_NOT_CONTAINS: 'k',
  LESS_THAN: 'l', GREATER_THAN: 'g', LESS_OR_EQUAL: 'm', GREATER_OR_EQUAL: 'h',
};

/**
 * Vtiger_Filter::addRule: a vtiger_cvadvfilter row (groupid 1, column_condition 'and' by column default).
 * vtlib writes no vtiger_cvadvfilter_grouping row; Vtiger's list view reads conditions through that table, so
 * a module's postinstall hook adds it (see `addFilterConditionGroup`).
 */
export async function addFilterRule(db: Db, filter: FilterRef, field: FieldRef, comparator: string, value: string, index: number): Promise<void> {
  if (!comparator) return;
  const upper = comparator.toUpperCase();
  const short = COMPARATORS[upper] ?? upper;
  await exec(db, 'UPDATE vtiger_cvadvfilter SET columnindex = columnindex + 1 WHERE cvid = ? AND columnindex >= ? ORDER BY columnindex DESC', [filter.cvid, index]);
  await exec(db, 'INSERT INTO vtiger_cvadvfilter (cvid, columnindex, columnname, comparator, value) VALUES (?,?,?,?,?)', [
    filter.cvid, index, filterColumnValue(filter.module.name, field), short, value,
  ]);
}

/**
 * What Vtiger's own filter editor writes next to the conditions (CustomView save): group 1 with the expression
 * listing the condition indexes (` 0 ` for one condition), the last condition's column_condition emptied.
 */
export async function addFilterConditionGroup(db: Db, cvid: number): Promise<void> {
  const count = await maxOf(db, 'vtiger_cvadvfilter', 'columnindex', 'cvid = ?', [cvid]);
  if (await first(db, 'SELECT 1 AS x FROM vtiger_cvadvfilter_grouping WHERE cvid = ? AND groupid = 1', [cvid])) return;
  const indexes = Array.from({ length: count + 1 }, (_, i) => i);
  await exec(db, "UPDATE vtiger_cvadvfilter SET column_condition = '' WHERE cvid = ? AND columnindex = ?", [cvid, count]);
  await exec(db, 'INSERT INTO vtiger_cvadvfilter_grouping (groupid, cvid, group_condition, condition_expression) VALUES (?,?,?,?)', [
    1, cvid, '', ` ${indexes.join(' and ')} `,
  ]);
}

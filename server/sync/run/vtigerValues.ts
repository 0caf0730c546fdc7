import type { Knex } from 'knex';
import type { ModuleMetadata } from '../../vtiger/schema/moduleMetadata.js';
import { XERO_FIELDS } from '../../vtiger/xeroInformationBlock.js';
import type { VtigerRecord } from '../types.js';

/**
 * The stored values of chosen fields of many records, by Vtiger field name (what the mappers and the
 * webservice speak), read table by table in batches of 1000 ids — never one query per record. Values are text
 * exactly as stored (`null` for NULL); numbers become their decimal text.
 */
export interface VtigerRow {
  crmid: number;
  values: VtigerRecord;
  /** vtiger_crmentity.modifiedtime, `YYYY-MM-DD HH:MM:SS` UTC. */
  modifiedTime: string;
  deleted: boolean;
  label: string;
  /** The Xero ID XTiger stored on the record (Xero Information block), if any. */
  storedXeroId: string | null;
}

const BATCH = 1000;

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').slice(0, 19);
  return String(value);
}

export async function readVtigerValues(knex: Knex, meta: ModuleMetadata, crmids: readonly number[], fieldNames: readonly string[]): Promise<Map<number, VtigerRow>> {
  const out = new Map<number, VtigerRow>();
  const unique = [...new Set(crmids)];
  const wanted = meta.fields.filter((f) => fieldNames.includes(f.name) || f.name === XERO_FIELDS.xeroId.fieldname);
  const byTable = new Map<string, Array<{ name: string; column: string }>>();
  for (const f of wanted) {
    if (f.table === 'vtiger_crmentity') continue;
    const table = meta.tables.find((t) => t.name === f.table && t.kind === 'record');
    if (!table) continue;
    const list = byTable.get(f.table) ?? [];
    list.push({ name: f.name, column: f.column });
    byTable.set(f.table, list);
  }
  const crmentityFields = wanted.filter((f) => f.table === 'vtiger_crmentity');
  for (let i = 0; i < unique.length; i += BATCH) {
    const ids = unique.slice(i, i + BATCH);
    const entities = (await knex('vtiger_crmentity')
      .select(['crmid', 'modifiedtime', 'deleted', 'label', ...new Set(crmentityFields.map((f) => f.column))])
      .whereIn('crmid', ids)
      .andWhere('setype', meta.name)) as Array<Record<string, unknown> & { crmid: number }>;
    const found = entities.map((e) => Number(e.crmid));
    if (found.length === 0) continue;
    const tableRows = await Promise.all(
      [...byTable].map(async ([table, columns]) => {
        const index = meta.tables.find((t) => t.name === table)?.index ?? '';
        const rows = (await knex(table)
          .select({ __id: index })
          .select([...new Set(columns.map((c) => c.column))])
          .whereIn(index, found)) as Array<Record<string, unknown> & { __id: number }>;
        return { columns, rows: new Map(rows.map((r) => [Number(r.__id), r])) };
      }),
    );
    for (const e of entities) {
      const crmid = Number(e.crmid);
      const values: VtigerRecord = {};
      for (const f of crmentityFields) values[f.name] = text(e[f.column]);
      for (const { columns, rows } of tableRows) {
        const row = rows.get(crmid);
        for (const c of columns) values[c.name] = row ? text(row[c.column]) : null;
      }
      const storedXeroId = values[XERO_FIELDS.xeroId.fieldname] ?? null;
      delete values[XERO_FIELDS.xeroId.fieldname];
      out.set(crmid, {
        crmid,
        values,
        modifiedTime: text(e['modifiedtime']) ?? '',
        deleted: Number(e['deleted']) === 1,
        label: text(e['label']) ?? '',
        storedXeroId: storedXeroId === '' ? null : storedXeroId,
      });
    }
  }
  return out;
}

/** `Jane Doe (CON2)`: the record as users know it, for messages. */
export function recordLabel(row: Pick<VtigerRow, 'label' | 'values'>, numberField: string): string {
  const number = row.values[numberField];
  const label = row.label.trim() || number || '';
  return number && label !== number ? `${label} (${number})` : label;
}

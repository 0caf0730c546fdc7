import type { Knex } from 'knex';
import type { SyncPair } from '../types.js';
import { toSqlDateTime } from '../values/normalise.js';
import { defaultPairMapping } from './autoMap.js';
import { fieldMappingSchema, type StoredMapping } from './fieldMapping.js';
import { validateMapping } from './validateMapping.js';
import type { VtigerFieldInfo } from './vtigerFields.js';

/**
 * Mapping versions (table xtiger_sync_mappings). Every save is a new version (1, 2, …) and old versions stay, so
 * a run records the version it used and its log can be read against it later. Version 0 is the built-in default.
 */
const TABLE = 'xtiger_sync_mappings';

interface MappingRow {
  pair: string;
  version: number;
  fields: string;
}

function fromRow(r: MappingRow): StoredMapping {
  return { pair: r.pair as SyncPair, version: Number(r.version), fields: fieldMappingSchema.array().parse(JSON.parse(r.fields)) };
}

/** Validates against the module's fields and stores a new version; a typed error naming the field otherwise. */
export async function saveMapping(db: Knex, input: unknown, vtigerFields: readonly VtigerFieldInfo[], options: { at: Date; savedBy?: string }): Promise<StoredMapping> {
  const mapping = validateMapping(input, vtigerFields);
  return db.transaction(async (trx) => {
    // Locks the pair's rows (and the gap after them), so two saves get consecutive versions.
    const rows = (await trx(TABLE).where({ pair: mapping.pair }).max({ v: 'version' }).forUpdate()) as Array<{ v: number | null }>;
    const version = Number(rows[0]?.v ?? 0) + 1;
    await trx(TABLE).insert({ pair: mapping.pair, version, fields: JSON.stringify(mapping.fields), saved_by: options.savedBy ?? null, created_at: toSqlDateTime(options.at) });
    return { ...mapping, version };
  });
}

export async function latestMapping(db: Knex, pair: SyncPair): Promise<StoredMapping | undefined> {
  const row = (await db(TABLE).where({ pair }).orderBy('version', 'desc').first()) as MappingRow | undefined;
  return row ? fromRow(row) : undefined;
}

export async function mappingVersion(db: Knex, pair: SyncPair, version: number): Promise<StoredMapping | undefined> {
  const row = (await db(TABLE).where({ pair, version }).first()) as MappingRow | undefined;
  return row ? fromRow(row) : undefined;
}

export async function listMappingVersions(db: Knex, pair: SyncPair): Promise<Array<{ version: number; savedBy: string | null; createdAt: string }>> {
  const rows = (await db(TABLE).where({ pair }).orderBy('version').select('version', 'saved_by', 'created_at')) as Array<{ version: number; saved_by: string | null; created_at: string }>;
  return rows.map((r) => ({ version: Number(r.version), savedBy: r.saved_by, createdAt: r.created_at }));
}

/** The mapping a run uses: the latest saved version, or the built-in default (version 0) for the module's fields. */
export async function currentMapping(db: Knex, pair: SyncPair, vtigerFields: readonly VtigerFieldInfo[]): Promise<StoredMapping> {
  return (await latestMapping(db, pair)) ?? { ...defaultPairMapping(pair, vtigerFields), version: 0 };
}

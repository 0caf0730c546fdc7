import type { Knex } from 'knex';
import { acquireSyncLocks } from '../../syncRuns/syncLocks.js';
import { CUSTOM_FIELD_TABLES, SYNCED_MODULES, XERO_FIELDS } from '../../vtiger/xeroInformationBlock.js';

/**
 * Sync state belongs to one Xero organisation. The live tables hold the state of the organisation named by the
 * setting `sync.state_tenant`; when another organisation is connected, that state is parked in
 * `xtiger_parked_sync_state` (migration 0011) and the new organisation's own parked state, if it was connected
 * before, is restored — both in one transaction. Reconnecting to the same organisation keeps everything.
 *
 * What is parked:
 * - links (`xtiger_links`, `xtiger_invoice_links`), checkpoints (`xtiger_checkpoints`) and Xero cursors kept in
 *   `xtiger_settings` (names ending in Cursor / Checkpoint): as JSON rows, restored into whatever columns the
 *   tables have then;
 * - the Xero Information values on Vtiger records (Xero ID, Sync Status, Last Xero Sync): cleared, so no record
 *   points into the other organisation and matching does not follow a foreign Xero id;
 * - open XTQueue entries and the XeroAccounts records (the chart of accounts): Vtiger records, moved out of sight
 *   with `vtiger_crmentity.deleted = 1` and brought back on restore.
 * The engine's own queries are untouched: they only ever see the live state.
 */
export const OWNER_SETTING = 'sync.state_tenant';
const PARKED = 'xtiger_parked_sync_state';
const CURSOR_NAME = /(Cursor|Checkpoint)$/;

export type SyncStateOutcome = 'fresh' | 'restored' | 'kept';

export interface SyncStateCounts {
  links: number;
  queueEntries: number;
  checkpoints: number;
}

export interface SwitchResult {
  outcome: SyncStateOutcome;
  fromTenantId: string | null;
  fromName: string | null;
  toTenantId: string;
  toName: string;
  parked: SyncStateCounts;
  restored: SyncStateCounts;
  at: string;
}

export interface StateOwner {
  tenantId: string;
  name?: string | undefined;
}

const n = (rows: unknown): number => Number((rows as Array<{ n: number | string }>)[0]?.n ?? 0);

async function hasTable(db: Knex, table: string): Promise<boolean> {
  return db.schema.hasTable(table);
}

export async function readStateOwner(db: Knex): Promise<StateOwner | undefined> {
  const row = (await db('xtiger_settings').where({ name: OWNER_SETTING }).first('value')) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as StateOwner) : undefined;
}

async function writeStateOwner(db: Knex, owner: StateOwner): Promise<void> {
  await db('xtiger_settings').insert({ name: OWNER_SETTING, value: JSON.stringify(owner), is_secret: false, updated_at: db.fn.now() }).onConflict('name').merge(['value', 'updated_at']);
}

function openQueue(db: Knex): Knex.QueryBuilder {
  return db('vtiger_xtqueue as q').join('vtiger_crmentity as e', 'e.crmid', 'q.xtqueueid').where({ 'e.deleted': 0, 'q.xtq_status': 'Queued' });
}

async function cursorSettings(db: Knex): Promise<Array<{ name: string; value: string; is_secret: number; updated_at: string }>> {
  const rows = (await db('xtiger_settings').where('name', 'like', 'sync.%').select('name', 'value', 'is_secret', 'updated_at')) as Array<{ name: string; value: string; is_secret: number; updated_at: string }>;
  return rows.filter((r) => CURSOR_NAME.test(r.name));
}

/** The state in the live tables (the current organisation's). */
export async function countLiveState(db: Knex): Promise<SyncStateCounts> {
  const links = n(await db('xtiger_links').count({ n: '*' })) + n(await db('xtiger_invoice_links').count({ n: '*' }));
  const queueEntries = (await hasTable(db, 'vtiger_xtqueue')) ? n(await openQueue(db).count({ n: '*' })) : 0;
  const checkpoints = n(await db('xtiger_checkpoints').count({ n: '*' })) + (await cursorSettings(db)).length;
  return { links, queueEntries, checkpoints };
}

export interface ParkedOrganisation extends SyncStateCounts {
  tenantId: string;
  organisation: string | null;
  parkedAt: string;
}

export async function listParked(db: Knex): Promise<ParkedOrganisation[]> {
  const rows = (await db(PARKED).groupBy('tenant_id', 'kind').select('tenant_id', 'kind').count({ n: '*' }).max({ at: 'parked_at' })) as Array<{ tenant_id: string; kind: string; n: number | string; at: string }>;
  const names = (await db(PARKED).where({ kind: 'owner' }).select('tenant_id', 'payload')) as Array<{ tenant_id: string; payload: string }>;
  const byTenant = new Map<string, ParkedOrganisation>();
  for (const r of rows) {
    const p = byTenant.get(r.tenant_id) ?? { tenantId: r.tenant_id, organisation: null, parkedAt: r.at, links: 0, queueEntries: 0, checkpoints: 0 };
    const count = Number(r.n);
    if (r.kind === 'link' || r.kind === 'invoice_link') p.links += count;
    if (r.kind === 'queue') p.queueEntries += count;
    if (r.kind === 'checkpoint' || r.kind === 'setting') p.checkpoints += count;
    if (r.at > p.parkedAt) p.parkedAt = r.at;
    byTenant.set(r.tenant_id, p);
  }
  for (const row of names) {
    const p = byTenant.get(row.tenant_id);
    if (p) p.organisation = (JSON.parse(row.payload) as StateOwner).name ?? null;
  }
  return [...byTenant.values()].map((p) => ({ ...p, parkedAt: `${p.parkedAt.replace(' ', 'T')}${p.parkedAt.endsWith('Z') ? '' : 'Z'}` }));
}

const sameTenant = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The organisation `to` is now connected: keep, or park the current state and restore (or start) `to`'s.
 * Runs in one transaction; the caller holds the sync runs lock so no run writes meanwhile.
 */
export async function switchSyncState(db: Knex, to: { tenantId: string; name: string }, now: Date): Promise<SwitchResult> {
  return db.transaction(async (trx) => {
    const owner = await readStateOwner(trx);
    const at = now.toISOString();
    const zero: SyncStateCounts = { links: 0, queueEntries: 0, checkpoints: 0 };
    if (!owner || sameTenant(owner.tenantId, to.tenantId)) {
      // Same organisation (or state nobody owned yet, e.g. before XTiger knew of organisations): it is kept.
      await writeStateOwner(trx, { tenantId: to.tenantId, name: to.name });
      const live = await countLiveState(trx);
      const outcome: SyncStateOutcome = owner ? 'kept' : live.links + live.queueEntries + live.checkpoints > 0 ? 'kept' : 'fresh';
      return { outcome, fromTenantId: owner?.tenantId ?? null, fromName: owner?.name ?? null, toTenantId: to.tenantId, toName: to.name, parked: zero, restored: zero, at };
    }
    const parked = await parkLiveState(trx, owner, now);
    const restored = await restoreParkedState(trx, to.tenantId);
    await writeStateOwner(trx, { tenantId: to.tenantId, name: to.name });
    const outcome: SyncStateOutcome = restored.links + restored.queueEntries + restored.checkpoints > 0 || restored.any ? 'restored' : 'fresh';
    return {
      outcome,
      fromTenantId: owner.tenantId,
      fromName: owner.name ?? null,
      toTenantId: to.tenantId,
      toName: to.name,
      parked,
      restored: { links: restored.links, queueEntries: restored.queueEntries, checkpoints: restored.checkpoints },
      at,
    };
  });
}

async function park(trx: Knex, tenantId: string, kind: string, payloads: readonly unknown[], now: Date): Promise<void> {
  const parkedAt = now.toISOString().replace('T', ' ').replace('Z', '');
  for (let i = 0; i < payloads.length; i += 500) {
    await trx(PARKED).insert(payloads.slice(i, i + 500).map((p) => ({ tenant_id: tenantId, kind, payload: JSON.stringify(p), parked_at: parkedAt })));
  }
}

interface XeroInfoPayload {
  table: string;
  index: string;
  crmid: number;
  values: Record<string, unknown>;
}

async function xeroInfoColumns(trx: Knex, table: string): Promise<string[]> {
  const wanted = [XERO_FIELDS.xeroId.column, XERO_FIELDS.syncStatus.column, XERO_FIELDS.lastSync.column];
  const rows = (await trx('information_schema.COLUMNS').whereRaw('TABLE_SCHEMA = DATABASE()').andWhere({ TABLE_NAME: table }).whereIn('COLUMN_NAME', wanted).select('COLUMN_NAME as c')) as Array<{ c: string }>;
  return rows.map((r) => r.c);
}

async function parkLiveState(trx: Knex, owner: StateOwner, now: Date): Promise<SyncStateCounts> {
  const tenant = owner.tenantId;
  // A fresh park replaces an older one of the same organisation (it cannot be live and parked at once).
  await trx(PARKED).where({ tenant_id: tenant }).delete();
  await park(trx, tenant, 'owner', [owner], now);
  const links = (await trx('xtiger_links').select('*')) as unknown[];
  const invoiceLinks = (await trx('xtiger_invoice_links').select('*')) as unknown[];
  const checkpoints = (await trx('xtiger_checkpoints').select('*')) as unknown[];
  const settings = await cursorSettings(trx);
  await park(trx, tenant, 'link', links, now);
  await park(trx, tenant, 'invoice_link', invoiceLinks, now);
  await park(trx, tenant, 'checkpoint', checkpoints, now);
  await park(trx, tenant, 'setting', settings, now);
  await trx('xtiger_links').delete();
  await trx('xtiger_invoice_links').delete();
  await trx('xtiger_checkpoints').delete();
  if (settings.length > 0) await trx('xtiger_settings').whereIn('name', settings.map((s) => s.name)).delete();

  let queueEntries = 0;
  if (await hasTable(trx, 'vtiger_xtqueue')) {
    const queue = ((await openQueue(trx).select('q.xtqueueid as crmid')) as Array<{ crmid: number }>).map((r) => Number(r.crmid));
    await park(trx, tenant, 'queue', queue.map((crmid) => ({ crmid })), now);
    await hideRecords(trx, queue, true);
    queueEntries = queue.length;
  }
  if (await hasTable(trx, 'vtiger_xeroaccounts')) {
    const accounts = ((await trx('vtiger_xeroaccounts as x').join('vtiger_crmentity as e', 'e.crmid', 'x.xeroaccountsid').where('e.deleted', 0).select('x.xeroaccountsid as crmid')) as Array<{ crmid: number }>).map((r) => Number(r.crmid));
    await park(trx, tenant, 'xero_account', accounts.map((crmid) => ({ crmid })), now);
    await hideRecords(trx, accounts, true);
  }
  for (const module of SYNCED_MODULES) {
    const { table, index } = CUSTOM_FIELD_TABLES[module];
    const columns = await xeroInfoColumns(trx, table);
    if (columns.length === 0) continue;
    const rows = (await trx(table)
      .where((q) => {
        for (const c of columns) q.orWhere((w) => w.whereNotNull(c).andWhere(c, '<>', ''));
      })
      .select(index, ...columns)) as Array<Record<string, unknown>>;
    const payloads: XeroInfoPayload[] = rows.map((r) => ({ table, index, crmid: Number(r[index]), values: Object.fromEntries(columns.map((c) => [c, r[c] ?? null])) }));
    await park(trx, tenant, 'xero_info', payloads, now);
    for (let i = 0; i < payloads.length; i += 1000) {
      await trx(table)
        .whereIn(index, payloads.slice(i, i + 1000).map((p) => p.crmid))
        .update(Object.fromEntries(columns.map((c) => [c, null])));
    }
  }
  return { links: links.length + invoiceLinks.length, queueEntries, checkpoints: checkpoints.length + settings.length };
}

async function hideRecords(trx: Knex, crmids: readonly number[], hide: boolean): Promise<void> {
  for (let i = 0; i < crmids.length; i += 1000) await trx('vtiger_crmentity').whereIn('crmid', crmids.slice(i, i + 1000)).update({ deleted: hide ? 1 : 0 });
}

async function columnsOf(trx: Knex, table: string): Promise<Set<string>> {
  const rows = (await trx('information_schema.COLUMNS').whereRaw('TABLE_SCHEMA = DATABASE()').andWhere({ TABLE_NAME: table }).select('COLUMN_NAME as c')) as Array<{ c: string }>;
  return new Set(rows.map((r) => r.c));
}

/** Rows as parked, into the table's columns of today (a column added since gets its default; one dropped is left out). */
async function insertRows(trx: Knex, table: string, rows: ReadonlyArray<Record<string, unknown>>, dropId: boolean): Promise<void> {
  if (rows.length === 0) return;
  const columns = await columnsOf(trx, table);
  const fitted = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => columns.has(k) && !(dropId && k === 'id'))));
  for (let i = 0; i < fitted.length; i += 200) await trx(table).insert(fitted.slice(i, i + 200));
}

async function restoreParkedState(trx: Knex, tenantId: string): Promise<SyncStateCounts & { any: boolean }> {
  const rows = (await trx(PARKED).where({ tenant_id: tenantId }).orderBy('id').select('kind', 'payload')) as Array<{ kind: string; payload: string }>;
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => JSON.parse(r.payload) as Record<string, unknown>);
  const links = of('link');
  const invoiceLinks = of('invoice_link');
  const checkpoints = of('checkpoint');
  const settings = of('setting');
  // Link ids are surrogate keys: new ones are given, so rows parked by two switches never collide.
  await insertRows(trx, 'xtiger_links', links, true);
  await insertRows(trx, 'xtiger_invoice_links', invoiceLinks, false);
  await insertRows(trx, 'xtiger_checkpoints', checkpoints, false);
  await insertRows(trx, 'xtiger_settings', settings, false);
  const queue = of('queue').map((p) => Number(p['crmid']));
  await hideRecords(trx, queue, false);
  await hideRecords(trx, of('xero_account').map((p) => Number(p['crmid'])), false);
  for (const p of of('xero_info') as unknown as XeroInfoPayload[]) {
    await trx(p.table).where(p.index, p.crmid).update(p.values);
  }
  await trx(PARKED).where({ tenant_id: tenantId }).delete();
  return { links: links.length + invoiceLinks.length, queueEntries: queue.length, checkpoints: checkpoints.length + settings.length, any: rows.length > 0 };
}

const LAST_SWITCH = 'sync.state_switch';

/** The switch, while no sync runs (waits for a running one up to `waitSeconds`), noted for the screens. */
export async function switchSyncStateWhenIdle(db: Knex, to: { tenantId: string; name: string }, now: Date, waitSeconds = 30): Promise<SwitchResult> {
  const locks = await acquireSyncLocks(db, { waitSeconds });
  try {
    const result = await switchSyncState(db, to, now);
    await db('xtiger_settings').insert({ name: LAST_SWITCH, value: JSON.stringify(result), is_secret: false, updated_at: db.fn.now() }).onConflict('name').merge(['value', 'updated_at']);
    return result;
  } finally {
    await locks.release();
  }
}

export async function readLastSwitch(db: Knex): Promise<SwitchResult | undefined> {
  const row = (await db('xtiger_settings').where({ name: LAST_SWITCH }).first('value')) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as SwitchResult) : undefined;
}

import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import type { PlanLink, LinkState } from '../plan/planRecord.js';
import type { SyncPair, SyncValues, XeroKind } from '../types.js';
import { toInstant, toSqlDateTime } from '../values/normalise.js';

/**
 * Links (table xtiger_links): one Vtiger record ⇄ one Xero record per pair, with each side's content hash and
 * sync values as last synced. Unique on (pair, crmid) and (pair, xero_id); `upsertLink` is keyed on those stable
 * ids, so repeating a write after a crash changes nothing. Takes a knex or a transaction, so a run can store a
 * link and its log rows in one unit of work.
 */
export interface SyncLink {
  pair: SyncPair;
  crmid: number;
  xeroId: string;
  xeroKind: XeroKind;
  state: LinkState;
  vtigerHash: string;
  xeroHash: string;
  vtigerSnapshot: SyncValues;
  xeroSnapshot: SyncValues;
  /** Vtiger modifiedtime of the record as last synced. */
  vtigerModifiedAt?: Date;
  /** Xero UpdatedDateUTC of the record as last synced. */
  xeroUpdatedAt?: Date;
  /** The mapping version the sync used. */
  mappingVersion: number;
  lastSyncedAt: Date;
}

interface LinkRow {
  pair: string;
  crmid: number;
  xero_id: string;
  xero_kind: string;
  state: string;
  vtiger_hash: string;
  xero_hash: string;
  vtiger_snapshot: string;
  xero_snapshot: string;
  vtiger_modified_at: string | null;
  xero_updated_at: string | null;
  mapping_version: number;
  last_synced_at: string;
}

const TABLE = 'xtiger_links';

function date(text: string | null): Date | undefined {
  return toInstant(text) ?? undefined;
}

function fromRow(r: LinkRow): SyncLink {
  return {
    pair: r.pair as SyncPair,
    crmid: Number(r.crmid),
    xeroId: r.xero_id,
    xeroKind: r.xero_kind as XeroKind,
    state: r.state as LinkState,
    vtigerHash: r.vtiger_hash,
    xeroHash: r.xero_hash,
    vtigerSnapshot: JSON.parse(r.vtiger_snapshot) as SyncValues,
    xeroSnapshot: JSON.parse(r.xero_snapshot) as SyncValues,
    ...(r.vtiger_modified_at ? { vtigerModifiedAt: date(r.vtiger_modified_at) } : {}),
    ...(r.xero_updated_at ? { xeroUpdatedAt: date(r.xero_updated_at) } : {}),
    mappingVersion: Number(r.mapping_version),
    lastSyncedAt: date(r.last_synced_at) ?? new Date(0),
  };
}

/** Inserts or updates the link of (pair, crmid). A Xero id already linked to another record is a typed conflict. */
export async function upsertLink(db: Knex, link: SyncLink): Promise<void> {
  const holders = (await db(TABLE).select('crmid').where({ pair: link.pair, xero_id: link.xeroId }).whereNot({ crmid: link.crmid })) as Array<{ crmid: number }>;
  const other = holders[0];
  if (other) {
    throw new XTigerError('SYNC_LINK_CONFLICT', `Xero ${link.xeroKind} ${link.xeroId} is already linked to Vtiger record ${other.crmid}, so it cannot be linked to record ${link.crmid}.`, {
      details: { pair: link.pair, crmid: link.crmid, xeroId: link.xeroId, linkedCrmid: Number(other.crmid) },
    });
  }
  const row = {
    pair: link.pair,
    crmid: link.crmid,
    xero_id: link.xeroId,
    xero_kind: link.xeroKind,
    state: link.state,
    vtiger_hash: link.vtigerHash,
    xero_hash: link.xeroHash,
    vtiger_snapshot: JSON.stringify(link.vtigerSnapshot),
    xero_snapshot: JSON.stringify(link.xeroSnapshot),
    vtiger_modified_at: link.vtigerModifiedAt ? toSqlDateTime(link.vtigerModifiedAt) : null,
    xero_updated_at: link.xeroUpdatedAt ? toSqlDateTime(link.xeroUpdatedAt) : null,
    mapping_version: link.mappingVersion,
    last_synced_at: toSqlDateTime(link.lastSyncedAt),
  };
  await db(TABLE)
    .insert({ ...row, created_at: row.last_synced_at })
    .onConflict(['pair', 'crmid'])
    .merge(Object.keys(row).filter((k) => k !== 'pair' && k !== 'crmid'));
}

/** Sets only the state (a Xero archive seen, a Vtiger delete carried out). */
export async function setLinkState(db: Knex, pair: SyncPair, crmid: number, state: LinkState): Promise<number> {
  return db(TABLE).where({ pair, crmid }).update({ state });
}

export async function deleteLink(db: Knex, pair: SyncPair, crmid: number): Promise<number> {
  return db(TABLE).where({ pair, crmid }).delete();
}

export async function findLinkByCrmid(db: Knex, pair: SyncPair, crmid: number): Promise<SyncLink | undefined> {
  const row = (await db(TABLE).where({ pair, crmid }).first()) as LinkRow | undefined;
  return row ? fromRow(row) : undefined;
}

export async function findLinkByXeroId(db: Knex, pair: SyncPair, xeroId: string): Promise<SyncLink | undefined> {
  const row = (await db(TABLE).where({ pair, xero_id: xeroId }).first()) as LinkRow | undefined;
  return row ? fromRow(row) : undefined;
}

const CHUNK = 500;

/** Links of many records at once, by crmid (chunked IN lists). */
export async function findLinksByCrmids(db: Knex, pair: SyncPair, crmids: readonly number[]): Promise<Map<number, SyncLink>> {
  const out = new Map<number, SyncLink>();
  for (let i = 0; i < crmids.length; i += CHUNK) {
    const rows = (await db(TABLE).where({ pair }).whereIn('crmid', crmids.slice(i, i + CHUNK))) as LinkRow[];
    for (const r of rows) out.set(Number(r.crmid), fromRow(r));
  }
  return out;
}

/** Links of many Xero records at once, by Xero id. */
export async function findLinksByXeroIds(db: Knex, pair: SyncPair, xeroIds: readonly string[]): Promise<Map<string, SyncLink>> {
  const out = new Map<string, SyncLink>();
  for (let i = 0; i < xeroIds.length; i += CHUNK) {
    const rows = (await db(TABLE).where({ pair }).whereIn('xero_id', xeroIds.slice(i, i + CHUNK))) as LinkRow[];
    for (const r of rows) out.set(r.xero_id, fromRow(r));
  }
  return out;
}

/** Persons (kind 'person') linked on one organization's Xero contact. */
export async function findPersonLinks(db: Knex, organizationContactId: string): Promise<SyncLink[]> {
  const rows = (await db(TABLE).where({ pair: 'contacts', xero_kind: 'person' }).andWhere('xero_id', 'like', `${organizationContactId.replace(/[\\%_]/g, '\\$&')}#person:%`)) as LinkRow[];
  return rows.map(fromRow);
}

/** What the planner needs of a link. */
export function toPlanLink(link: SyncLink): PlanLink {
  return {
    vtigerHash: link.vtigerHash,
    xeroHash: link.xeroHash,
    vtigerSnapshot: link.vtigerSnapshot,
    xeroSnapshot: link.xeroSnapshot,
    ...(link.vtigerModifiedAt ? { vtigerModifiedAt: link.vtigerModifiedAt.getTime() } : {}),
    ...(link.xeroUpdatedAt ? { xeroUpdatedAt: link.xeroUpdatedAt.getTime() } : {}),
    state: link.state,
  };
}

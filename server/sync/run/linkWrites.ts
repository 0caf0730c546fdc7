import type { Knex } from 'knex';
import type { SyncLink } from '../links/linksRepository.js';
import { toSqlDateTime } from '../values/normalise.js';

/**
 * Many links at once (the run stores a batch's links right after the batch): one conflict check and one
 * multi-row upsert keyed on (pair, crmid), instead of two statements per link. A Xero id already linked to another
 * record of the pair (or claimed twice in the list) is a clash: the clashing links are returned, never stored and
 * never re-pointed, and every other link of the list is stored — one record's clash never costs the others theirs.
 */
const TABLE = 'xtiger_links';

export interface LinkClash {
  link: SyncLink;
  /** The Vtiger record that holds (or, within the list, first claimed) the Xero id. */
  linkedCrmid: number;
}

/** Links of the list whose Xero id belongs to another record of the pair (stored, or earlier in the list). */
export async function findLinkClashes(db: Knex, links: readonly SyncLink[]): Promise<LinkClash[]> {
  const clashes: LinkClash[] = [];
  const byPair = new Map<string, SyncLink[]>();
  for (const l of links) byPair.set(l.pair, [...(byPair.get(l.pair) ?? []), l]);
  for (const [pair, list] of byPair) {
    const holders = (await db(TABLE).select('crmid', 'xero_id').where({ pair }).whereIn('xero_id', list.map((l) => l.xeroId))) as Array<{ crmid: number; xero_id: string }>;
    const holderOf = new Map(holders.map((h) => [h.xero_id, Number(h.crmid)]));
    const seen = new Map<string, number>();
    for (const l of list) {
      const other = holderOf.get(l.xeroId);
      const twin = seen.get(l.xeroId);
      const clash = other !== undefined && other !== l.crmid ? other : twin !== undefined && twin !== l.crmid ? twin : undefined;
      if (clash !== undefined) clashes.push({ link: l, linkedCrmid: clash });
      else seen.set(l.xeroId, l.crmid);
    }
  }
  return clashes;
}

/** Stores the links that do not clash; returns the ones that do (see findLinkClashes). */
export async function upsertLinks(db: Knex, links: readonly SyncLink[]): Promise<LinkClash[]> {
  if (links.length === 0) return [];
  const clashes = await findLinkClashes(db, links);
  const refused = new Set(clashes.map((c) => c.link));
  await writeLinks(db, links.filter((l) => !refused.has(l)));
  return clashes;
}

async function writeLinks(db: Knex, links: readonly SyncLink[]): Promise<void> {
  if (links.length === 0) return;
  const rows = links.map((l) => {
    const at = toSqlDateTime(l.lastSyncedAt);
    return {
      pair: l.pair,
      crmid: l.crmid,
      xero_id: l.xeroId,
      xero_kind: l.xeroKind,
      state: l.state,
      vtiger_hash: l.vtigerHash,
      xero_hash: l.xeroHash,
      vtiger_snapshot: JSON.stringify(l.vtigerSnapshot),
      xero_snapshot: JSON.stringify(l.xeroSnapshot),
      vtiger_modified_at: l.vtigerModifiedAt ? toSqlDateTime(l.vtigerModifiedAt) : null,
      xero_updated_at: l.xeroUpdatedAt ? toSqlDateTime(l.xeroUpdatedAt) : null,
      mapping_version: l.mappingVersion,
      last_synced_at: at,
      created_at: at,
    };
  });
  const merged = Object.keys(rows[0] ?? {}).filter((k) => k !== 'pair' && k !== 'crmid' && k !== 'created_at');
  await db(TABLE).insert(rows).onConflict(['pair', 'crmid']).merge(merged);
}

import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import type { SyncLink } from '../links/linksRepository.js';
import { toSqlDateTime } from '../values/normalise.js';

/**
 * Many links at once (the run stores a batch's links right after the batch): one conflict check and one
 * multi-row upsert keyed on (pair, crmid), instead of two statements per link. Same rules as `upsertLink`:
 * a Xero id already linked to another record of the pair is a typed conflict, and nothing of the batch is written.
 */
const TABLE = 'xtiger_links';

export async function upsertLinks(db: Knex, links: readonly SyncLink[]): Promise<void> {
  if (links.length === 0) return;
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
      if (clash !== undefined) {
        throw new XTigerError('SYNC_LINK_CONFLICT', `Xero ${l.xeroKind} ${l.xeroId} is already linked to Vtiger record ${clash}, so it cannot be linked to record ${l.crmid}.`, {
          details: { pair, crmid: l.crmid, xeroId: l.xeroId, linkedCrmid: clash },
        });
      }
      seen.set(l.xeroId, l.crmid);
    }
  }
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

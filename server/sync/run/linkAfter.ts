import type { ContactPerson } from 'xero-node';
import type { XeroContact, XeroItem } from '../../xero/api/XeroAccountingApi.js';
import type { SyncLink } from '../links/linksRepository.js';
import { hashVtigerRecord, hashXeroObject } from '../mapping/sides.js';
import type { LinkState } from '../plan/planRecord.js';
import type { XeroKind } from '../types.js';
import { toInstant } from '../values/normalise.js';
import type { PairSetup } from './pairSetup.js';
import type { VtigerRow } from './vtigerValues.js';
import { contextOf, type WorkItem } from './workItem.js';

/**
 * The link to store after a record was synced: each side's hash and snapshot as that side holds the record NOW
 * (the Vtiger row read back after a write, the object Xero answered with), not as we meant to write it. Vtiger
 * cuts, rounds and re-encodes on save and Xero normalises phones; hashing what each side really holds is what
 * makes the next run see "unchanged" instead of syncing the difference back and forth.
 */
export interface FinalSides {
  crmid: number;
  kind: XeroKind;
  /** Link id: ContactID / ItemID, or `<org ContactID>#person:<crmid>`. */
  xeroId: string;
  vtiger: VtigerRow | undefined;
  /** Contact, item, or the ContactPerson. */
  xero: XeroContact | XeroItem | ContactPerson | undefined;
  /** What carries UpdatedDateUTC (for a person: its organization's contact). */
  xeroHolder: { updatedDateUTC?: string } | undefined;
  state: LinkState;
  at: Date;
}

export function linkAfter(setup: PairSetup, item: WorkItem, sides: FinalSides): SyncLink | undefined {
  const fields = sides.kind === 'person' ? setup.personFields : setup.fields;
  const ctx = contextOf(setup, item);
  const previous = item.link && item.link.xeroKind === sides.kind ? item.link : undefined;
  const v = sides.vtiger ? hashVtigerRecord(sides.kind, fields, sides.vtiger.values, ctx) : previous ? { values: previous.vtigerSnapshot, hash: previous.vtigerHash } : undefined;
  const x = sides.xero ? hashXeroObject(sides.kind, fields, sides.xero, ctx) : previous ? { values: previous.xeroSnapshot, hash: previous.xeroHash } : undefined;
  if (!v || !x) return undefined;
  const modifiedAt = sides.vtiger ? toInstant(sides.vtiger.modifiedTime) : previous?.vtigerModifiedAt;
  const updatedAt = sides.xeroHolder ? toInstant(sides.xeroHolder.updatedDateUTC) : previous?.xeroUpdatedAt;
  return {
    pair: setup.pair,
    crmid: sides.crmid,
    xeroId: sides.xeroId,
    xeroKind: sides.kind,
    state: sides.state,
    vtigerHash: v.hash,
    xeroHash: x.hash,
    vtigerSnapshot: v.values,
    xeroSnapshot: x.values,
    ...(modifiedAt ? { vtigerModifiedAt: modifiedAt } : {}),
    ...(updatedAt ? { xeroUpdatedAt: updatedAt } : {}),
    mappingVersion: setup.mappingVersion,
    lastSyncedAt: sides.at,
  };
}

import type { ContactPerson } from 'xero-node';
import type { XeroContact, XeroItem } from '../../xero/api/XeroAccountingApi.js';
import type { SyncLink } from '../links/linksRepository.js';
import { hashVtigerRecord, hashXeroObject } from '../mapping/sides.js';
import type { MapperContext } from '../mapping/project.js';
import { planRecord, type PlanInput, type RecordPlan } from '../plan/planRecord.js';
import { toPlanLink } from '../links/linksRepository.js';
import { isArchivedXeroContact, vtigerModifiedAt, xeroUpdatedAt } from '../xeroTimes.js';
import type { XeroKind } from '../types.js';
import type { PairSetup } from './pairSetup.js';
import type { OpenQueueItem } from './syncQueue.js';
import { recordLabel, type VtigerRow } from './vtigerValues.js';

/**
 * One record a pass works on: its Vtiger side (read this pass), its Xero side (read or fetched), its link, and
 * for a Contact shown as a ContactPerson the organization it sits on. Built by workSet.ts, planned here.
 */
export interface PersonPlace {
  organizationCrmid: number;
  /** The organization's Xero ContactID, when the organization is linked. */
  organizationXeroId: string | undefined;
  organizationLabel: string;
  /** The organization's Xero contact as Xero holds it (read or fetched this pass). */
  organization: XeroContact | undefined;
  /** The person on it that is this record, if any. */
  person: ContactPerson | undefined;
}

export interface WorkItem {
  kind: XeroKind;
  crmid: number | undefined;
  row: VtigerRow | undefined;
  selected: boolean;
  /** Contact or item (for persons: undefined; see `place`). */
  xero: XeroContact | XeroItem | undefined;
  place?: PersonPlace;
  link: SyncLink | undefined;
  /** First link of a record matched to an existing Xero record: how. */
  matchedBy?: string;
  queueItem?: OpenQueueItem;
}

export interface PlannedItem {
  item: WorkItem;
  plan: RecordPlan;
  label: string;
  /** The Xero id the record has or gets (persons: the organization's ContactID). */
  xeroId: string | undefined;
}

export function xeroIdOf(object: XeroContact | XeroItem | undefined): string | undefined {
  if (!object) return undefined;
  return 'contactID' in object ? object.contactID : (object as XeroItem).itemID;
}

export function labelOf(setup: PairSetup, item: WorkItem): string {
  if (item.row) return recordLabel(item.row, setup.numberField);
  if (item.place?.person) return [item.place.person.firstName, item.place.person.lastName].filter(Boolean).join(' ');
  const x = item.xero as (XeroContact & XeroItem) | undefined;
  return x?.name ?? x?.code ?? xeroIdOf(x) ?? '?';
}

export function contextOf(setup: PairSetup, item: WorkItem): MapperContext {
  return { recordLabel: labelOf(setup, item), fieldLabels: setup.labels };
}

/** The planner's view of a work item. */
export function planInputOf(setup: PairSetup, item: WorkItem): PlanInput {
  const ctx = contextOf(setup, item);
  const kind = item.kind;
  const fields = kind === 'person' ? setup.personFields : setup.fields;
  const input: PlanInput = {
    pair: setup.pair,
    kind,
    fields,
    settings: {
      direction: setup.direction ?? 'both',
      conflictPolicy: setup.settings.conflictPolicy,
      archiveInXeroOnVtigerDelete: setup.settings.archiveInXeroOnVtigerDelete,
    },
    ctx,
    vtigerFields: setup.meta.fields,
  };
  if (item.row) {
    const side = hashVtigerRecord(kind, fields, item.row.values, ctx);
    const modifiedAt = vtigerModifiedAt(item.row.modifiedTime);
    input.vtiger = { crmid: item.row.crmid, values: side.values, hash: side.hash, deleted: item.row.deleted, selected: item.selected, ...(modifiedAt !== undefined ? { modifiedAt } : {}) };
  }
  const xeroObject = kind === 'person' ? item.place?.person : item.xero;
  const xeroId = kind === 'person' ? item.place?.organizationXeroId : xeroIdOf(item.xero);
  if (xeroObject && xeroId) {
    const side = hashXeroObject(kind, fields, xeroObject, ctx);
    const holder = kind === 'person' ? item.place?.organization : item.xero;
    const updatedAt = holder ? xeroUpdatedAt(holder as { updatedDateUTC?: string }) : undefined;
    input.xero = {
      xeroId,
      values: side.values,
      hash: side.hash,
      archived: kind === 'item' ? false : isArchivedXeroContact((holder ?? {}) as XeroContact),
      ...(updatedAt !== undefined ? { updatedAt } : {}),
    };
    input.xeroBase = xeroObject;
  } else if (kind === 'person' && item.place?.organization && isArchivedXeroContact(item.place.organization) && item.link) {
    // The person's organization was archived in Xero: the person is archived with it.
    input.xero = { xeroId: item.link.xeroId, values: item.link.xeroSnapshot, hash: item.link.xeroHash, archived: true };
  }
  if (item.link && item.link.xeroKind === kind) input.link = toPlanLink(item.link);
  if (kind === 'person') input.person = { organizationLinked: item.place?.organizationXeroId !== undefined, organizationLabel: item.place?.organizationLabel ?? '' };
  return input;
}

export function planItem(setup: PairSetup, item: WorkItem): PlannedItem {
  const input = planInputOf(setup, item);
  // Neither side present: a linked record whose both sides were not read (cannot happen in a pass; defensive).
  const plan: RecordPlan =
    !input.vtiger && !input.xero ? { action: 'skip', why: 'unchanged', reason: { key: 'sync.skip.unchanged', params: {} } } : planRecord(input);
  const xeroId = item.kind === 'person' ? item.place?.organizationXeroId : (xeroIdOf(item.xero) ?? item.link?.xeroId);
  return { item, plan, label: input.ctx.recordLabel, xeroId };
}

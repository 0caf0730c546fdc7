import { createHash } from 'node:crypto';
import type { Contact, ContactPerson, Item } from 'xero-node';
import { messageOfError, reachOf } from './errorClass.js';
import type { BatchWriteResult } from '../../xero/api/elementResults.js';
import type { XeroAccountingApi, XeroContact, XeroItem } from '../../xero/api/XeroAccountingApi.js';
import type { RecordPlan } from '../plan/planRecord.js';
import { reason } from '../types.js';
import { linkAfter } from './linkAfter.js';
import { conflictReasons, failed, successLines } from './outcomeLines.js';
import { TO_VTIGER, TO_XERO, type RecordOutcome } from './outcomes.js';
import type { PairSetup } from './pairSetup.js';
import { readVtigerValues, type VtigerRow } from './vtigerValues.js';
import { fieldsToRead } from './pairSetup.js';
import { writeToVtiger, type VtigerWrite, type VtigerWriter } from './vtigerWrites.js';
import { planItem, xeroIdOf, type PlannedItem } from './workItem.js';

/**
 * Carries out the plans of one batch (≤ 50 records): one Xero batch write (per-element results: a rejected
 * element fails only its record), then the Vtiger writes through the webservice, then each record's outcome —
 * with its link built from what both sides hold afterwards. Nothing is recorded here (see recordBatch.ts).
 */
export interface BatchContext {
  setup: PairSetup;
  api: XeroAccountingApi;
  writer: VtigerWriter;
  /** Xero objects known this pass; updated with what Xero answers. */
  byId: Map<string, XeroContact | XeroItem>;
  dryRun: boolean;
  now: () => Date;
}

/**
 * A batch's records' outcomes, and — rarely — a reason to stop (a pair- or run-level error, see errorClass.ts):
 * then every record that was not written is failed, and every record that was written still has its outcome, so
 * its link and log line are stored before the run stops.
 */
export interface BatchResult {
  outcomes: RecordOutcome[];
  stop?: unknown;
}

const WRITES_XERO = new Set<RecordPlan['action']>(['createInXero', 'updateXero', 'updateBoth', 'archiveInXero']);
const WRITES_VTIGER = new Set<RecordPlan['action']>(['createInVtiger', 'updateVtiger', 'updateBoth']);

export function writesXero(p: PlannedItem): boolean {
  return WRITES_XERO.has(p.plan.action) && !(p.plan.action === 'archiveInXero' && p.item.kind === 'item');
}

export function writesVtiger(p: PlannedItem): boolean {
  return WRITES_VTIGER.has(p.plan.action);
}

/** Xero replaces phone and address lists whole: an update needs the contact as Xero holds it. Fetch and re-plan. */
async function withXeroBases(ctx: BatchContext, planned: PlannedItem[]): Promise<PlannedItem[]> {
  const needing = planned.filter((p) => p.item.kind === 'contact' && writesXero(p) && p.plan.action !== 'archiveInXero' && !p.item.xero && p.item.link?.xeroKind === 'contact');
  if (needing.length === 0) return planned;
  const fetched = await ctx.api.getContactsById(needing.map((p) => p.item.link?.xeroId as string));
  for (const c of fetched) if (c.contactID) ctx.byId.set(c.contactID, c);
  return planned.map((p) => {
    if (!needing.includes(p)) return p;
    const object = ctx.byId.get(p.item.link?.xeroId ?? '');
    return object ? planItem(ctx.setup, { ...p.item, xero: object }) : p;
  });
}

function xeroElement(p: PlannedItem): Contact | Item {
  const id = xeroIdOf(p.item.xero) ?? (p.item.link?.xeroKind === p.item.kind ? p.item.link.xeroId : undefined);
  if (p.plan.action === 'archiveInXero') return { contactID: id, contactStatus: 'ARCHIVED' as unknown as Contact.ContactStatusEnum } as Contact;
  const object = 'xeroObject' in p.plan ? { ...(p.plan.xeroObject as object) } : {};
  if (!id) return object as Contact | Item;
  return (p.item.kind === 'item' ? { ...object, itemID: id } : { ...object, contactID: id }) as Contact | Item;
}

/** Separates retries of the same change (same key) from a later change to the same content (new key). */
function idempotencyScope(planned: readonly PlannedItem[]): string {
  const h = createHash('sha256');
  for (const p of planned) h.update(`${p.item.crmid ?? p.xeroId ?? ''}:${p.item.link?.vtigerHash ?? 'new'}:${p.item.link?.xeroHash ?? ''};`);
  return h.digest('base64url');
}

async function sendToXero(ctx: BatchContext, writes: PlannedItem[]): Promise<BatchWriteResult<XeroContact | XeroItem>> {
  const elements = writes.map(xeroElement);
  const options = { idempotencyScope: idempotencyScope(writes) };
  return ctx.setup.kind === 'item' ? ctx.api.saveItems(elements as Item[], options) : ctx.api.saveContacts(elements as Contact[], options);
}

/** The records of a Xero write that failed as a whole: a record-level error fails them; anything else stops. */
export function xeroCallFailed(setup: PairSetup, all: readonly PlannedItem[], sent: readonly PlannedItem[], error: unknown): BatchResult | Map<PlannedItem, RecordOutcome> {
  const message = messageOfError(error);
  if (reachOf(error) === 'record') return new Map(sent.map((p) => [p, failed(setup, p, [reason('sync.failed.xero', { record: p.label, message })])]));
  return { outcomes: all.map((p) => failed(setup, p, [reason('sync.failed.unreachable', { record: p.label, message })])), stop: error };
}

export async function executeBatch(ctx: BatchContext, batch: PlannedItem[]): Promise<BatchResult> {
  const { setup } = ctx;
  let planned: PlannedItem[];
  try {
    planned = await withXeroBases(ctx, batch);
  } catch (error) {
    const failedAll = xeroCallFailed(setup, batch, batch, error);
    if (!(failedAll instanceof Map)) return failedAll;
    return { outcomes: batch.map((p) => failedAll.get(p) as RecordOutcome) };
  }
  const outcomes = new Map<PlannedItem, RecordOutcome>();
  const xeroAfter = new Map<PlannedItem, XeroContact | XeroItem>();

  // 1. Xero
  const toXero = planned.filter(writesXero);
  if (toXero.length > 0 && !ctx.dryRun) {
    let result: BatchWriteResult<XeroContact | XeroItem> = { results: [] } as unknown as BatchWriteResult<XeroContact | XeroItem>;
    try {
      result = await sendToXero(ctx, toXero);
    } catch (error) {
      const failedSent = xeroCallFailed(setup, planned, toXero, error);
      if (!(failedSent instanceof Map)) return failedSent;
      for (const [p, o] of failedSent) outcomes.set(p, o);
    }
    for (const r of result.results) {
      const p = toXero[r.index] as PlannedItem;
      if (r.ok) {
        xeroAfter.set(p, r.value);
        const id = xeroIdOf(r.value);
        if (id) ctx.byId.set(id, r.value);
      } else {
        // Xero refused this element for its data (an e-mail, a code…): an edit is needed, not a retry.
        outcomes.set(p, failed(setup, p, [reason('sync.failed.xero', { record: p.label, message: r.error.messages.join(' ') })], undefined, { needsAction: true }));
      }
    }
  }

  // 2. Vtiger (a record whose Xero half failed is not half-written in Vtiger)
  const { written, readBack, stop } = await writePlannedToVtiger(
    ctx,
    planned.filter((p) => writesVtiger(p) && !outcomes.has(p)),
    (p) => {
      const xeroId = xeroIdOf(p.item.xero);
      return { crmid: p.item.crmid, element: (p.plan as Extract<RecordPlan, { element: unknown }>).element, ...(xeroId ? { xeroId } : {}) };
    },
    outcomes,
  );

  // 3. Outcomes
  const at = ctx.now();
  for (const p of planned) {
    if (outcomes.has(p)) continue;
    outcomes.set(p, outcomeOf(ctx, p, plainXeroAfter(p, xeroAfter.get(p)), written.has(p) ? readBack.get(written.get(p) as number) : undefined, at));
  }
  return { outcomes: planned.map((p) => outcomes.get(p) as RecordOutcome), ...(stop !== undefined ? { stop } : {}) };
}

/** The Xero side of a record after the batch: what to hash, what carries UpdatedDateUTC, the link and block ids. */
export interface XeroAfter {
  object: XeroContact | XeroItem | ContactPerson | undefined;
  holder: { updatedDateUTC?: string } | undefined;
  linkId: (crmid: number) => string | undefined;
  /** What the Vtiger record's Xero ID field shows (a person: its organization's ContactID). */
  blockId: string | undefined;
}

export function plainXeroAfter(p: PlannedItem, xeroNow: XeroContact | XeroItem | undefined): XeroAfter {
  const object = xeroNow ?? p.item.xero;
  const id = xeroIdOf(object) ?? p.xeroId;
  return { object, holder: object, linkId: () => id, blockId: id };
}

export function outcomeOf(ctx: BatchContext, p: PlannedItem, after: XeroAfter, vtigerNow: VtigerRow | undefined, at: Date): RecordOutcome {
  const { setup } = ctx;
  const plan = p.plan;
  const base = { pair: setup.pair, action: plan.action, ...(p.item.row?.deleted ? { recordDeleted: true } : {}) };
  const crmid = vtigerNow?.crmid ?? p.item.crmid;
  const xeroId = after.blockId;
  const linkId = crmid !== undefined ? after.linkId(crmid) : undefined;
  const withLink = (o: RecordOutcome): RecordOutcome => {
    if (ctx.dryRun || crmid === undefined || linkId === undefined) return o;
    const l = linkAfter(setup, p.item, { crmid, kind: p.item.kind, xeroId: linkId, vtiger: vtigerNow ?? p.item.row, xero: after.object, xeroHolder: after.holder, state: 'active', at });
    return l ? { ...o, link: l } : o;
  };
  const ids = { crmid: crmid ?? null, xeroId: xeroId ?? null };

  switch (plan.action) {
    case 'skip': {
      const quiet = plan.why === 'unchanged' || plan.why === 'echo';
      const kind = quiet ? 'unchanged' : 'skipped';
      const linkedNow = plan.refresh !== undefined && linkId !== undefined;
      const logs =
        p.item.matchedBy && !p.item.link && linkedNow
          ? [{ direction: TO_XERO, action: 'Update' as const, status: 'Success' as const, reasons: [reason('sync.done.linked', { record: p.label, by: p.item.matchedBy })] }]
          : !quiet && (p.item.link || plan.why === 'organizationNotLinked')
            ? [{ direction: p.item.row ? TO_XERO : TO_VTIGER, action: 'Skip' as const, status: 'Skipped' as const, reasons: [plan.reason] }]
            : [];
      const waitsForParent = plan.why === 'organizationNotLinked' && p.item.place ? { wait: { cause: 'parent' as const, ref: String(p.item.place.organizationCrmid), reason: plan.reason } } : {};
      const outcome: RecordOutcome = { ...base, ...ids, kind, logs, ...waitsForParent, ...(quiet && p.item.queueItem ? { queue: { failed: false } } : {}) };
      if (!linkedNow) return outcome;
      return withLink({ ...outcome, block: { xeroId: xeroId ?? null, status: 'Synced' } });
    }
    case 'invalid':
      return failed(setup, p, plan.reasons, undefined, { needsAction: true });
    case 'conflictHeld':
      return {
        ...base,
        ...ids,
        kind: 'conflicts',
        logs: [{ direction: TO_XERO, action: 'Update', status: 'Conflict', reasons: [plan.reason, ...conflictReasons(setup, plan.conflicts)] }],
        ...(crmid !== undefined ? { block: { status: 'Conflict' as const } } : {}),
      };
    case 'archiveInXero':
      if (p.item.kind === 'item') {
        return {
          ...base,
          ...ids,
          kind: 'skipped',
          logs: [{ direction: TO_XERO, action: 'Skip', status: 'Skipped', reasons: [reason('sync.skip.itemNotArchivable', { record: p.label })] }],
          linkState: 'vtigerDeleted',
        };
      }
      return { ...base, ...ids, kind: 'updated', logs: archiveLines(setup, p), linkState: 'vtigerDeleted', queue: { failed: false } };
    case 'markVtigerArchived':
      return { ...base, ...ids, kind: 'updated', logs: successLines(setup, p, plan), linkState: 'xeroArchived', ...(crmid !== undefined ? { block: { status: 'Not synced' as const } } : {}) };
    default: {
      const kind = plan.action === 'createInXero' || plan.action === 'createInVtiger' ? 'created' : 'updated';
      return withLink({
        ...base,
        ...ids,
        kind,
        logs: successLines(setup, p, plan),
        queue: { failed: false },
        ...(crmid !== undefined && xeroId !== undefined ? { block: { xeroId, status: 'Synced' as const } } : {}),
      });
    }
  }
}

function archiveLines(setup: PairSetup, p: PlannedItem): RecordOutcome['logs'] {
  if (p.item.kind !== 'person') return successLines(setup, p, p.plan);
  return [{ direction: TO_XERO, action: 'Delete', status: 'Success', reasons: [reason('sync.done.removedFromOrganization', { record: p.label, organization: p.item.place?.organizationLabel ?? '' })] }];
}

/**
 * Step 2 of a batch, for records and for persons alike: the Vtiger writes of the items that need one (a write that
 * fails becomes its item's outcome), then the values Vtiger now holds for what was written, read back once.
 */
export async function writePlannedToVtiger(
  ctx: BatchContext,
  toVtiger: PlannedItem[],
  writeOf: (p: PlannedItem) => VtigerWrite,
  outcomes: Map<PlannedItem, RecordOutcome>,
): Promise<{ written: Map<PlannedItem, number>; readBack: Map<number, VtigerRow>; stop?: unknown }> {
  const { setup } = ctx;
  const written = new Map<PlannedItem, number>();
  let stop: unknown;
  if (toVtiger.length > 0 && !ctx.dryRun) {
    const done = await writeToVtiger(ctx.writer, setup, toVtiger.map(writeOf));
    stop = done.stop;
    done.results.forEach((r, i) => {
      const p = toVtiger[i] as PlannedItem;
      if (r.ok) written.set(p, r.crmid);
      else if ('notStarted' in r || stop !== undefined) outcomes.set(p, failed(setup, p, [reason('sync.failed.unreachable', { record: p.label, message: r.message })]));
      // Vtiger refused the values (needs an edit); an HTTP error while saving may pass (retried).
      else outcomes.set(p, failed(setup, p, [reason('sync.failed.vtiger', { record: p.label, message: r.message })], undefined, { needsAction: r.code !== 'VTIGER_WS_HTTP' }));
    });
  }
  const readBack = written.size > 0 ? await readVtigerValues(ctx.writer.knex, setup.meta, [...written.values()], fieldsToRead(setup)) : new Map<number, VtigerRow>();
  return { written, readBack, ...(stop !== undefined ? { stop } : {}) };
}

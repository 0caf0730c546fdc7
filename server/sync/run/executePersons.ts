import type { Contact, ContactPerson } from 'xero-node';
import type { XeroContact } from '../../xero/api/XeroAccountingApi.js';
import { personXeroId } from '../persons/contactAppearance.js';
import { placeContactPersons, type PersonIdentity, type WantedPerson } from '../persons/contactPersons.js';
import type { RecordPlan } from '../plan/planRecord.js';
import { reason, type SyncValues } from '../types.js';
import { outcomeOf, writePlannedToVtiger, writesVtiger, writesXero, xeroCallFailed, type BatchContext, type BatchResult, type XeroAfter } from './executeBatch.js';
import { failed } from './outcomeLines.js';
import { TO_XERO, type RecordOutcome } from './outcomes.js';
import type { PlannedItem } from './workItem.js';

/**
 * Contacts with an Organization live in Xero as ContactPersons of the organization's contact. Xero keeps no id
 * per person and replaces the list whole, so the changes of one batch are gathered per organization and sent
 * as one element each: `{ ContactID, ContactPersons }`, placed by placeContactPersons (persons keep their place,
 * new ones fill free places, persons added in Xero stay, at most 5).
 */
function identityOf(snapshot: SyncValues | undefined): PersonIdentity | undefined {
  if (!snapshot) return undefined;
  return { firstName: snapshot['firstname'] ?? null, lastName: snapshot['lastname'] ?? null, emailAddress: snapshot['email'] ?? null };
}

interface OrgWrite {
  orgId: string;
  items: PlannedItem[];
  placed: Map<number, number>;
  element: Contact;
}

export async function executePersonBatch(ctx: BatchContext, planned: PlannedItem[]): Promise<BatchResult> {
  const { setup } = ctx;
  const outcomes = new Map<PlannedItem, RecordOutcome>();
  const personAfter = new Map<PlannedItem, { org: XeroContact; person: ContactPerson | undefined }>();

  // 1. Xero: one element per organization whose persons change.
  const byOrg = new Map<string, PlannedItem[]>();
  for (const p of planned) {
    const orgId = p.item.place?.organizationXeroId;
    if (!orgId || !writesXero(p)) continue;
    byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), p]);
  }
  const missing = [...byOrg.keys()].filter((id) => !ctx.byId.has(id));
  if (missing.length > 0) {
    try {
      for (const c of await ctx.api.getContactsById(missing)) if (c.contactID) ctx.byId.set(c.contactID, c);
    } catch (error) {
      const failedAll = xeroCallFailed(setup, planned, planned, error);
      if (!(failedAll instanceof Map)) return failedAll;
      return { outcomes: planned.map((p) => failedAll.get(p) as RecordOutcome) };
    }
  }
  const orgWrites: OrgWrite[] = [];
  for (const [orgId, items] of byOrg) {
    const org = ctx.byId.get(orgId) as XeroContact | undefined;
    const orgLabel = items[0]?.item.place?.organizationLabel ?? orgId;
    const wanted: WantedPerson[] = [];
    const removed: PersonIdentity[] = [];
    for (const p of items) {
      const previous = identityOf(p.item.link?.xeroKind === 'person' ? p.item.link.xeroSnapshot : undefined);
      if (p.plan.action === 'archiveInXero') {
        if (previous) removed.push(previous);
        continue;
      }
      const person = (p.plan as Extract<RecordPlan, { xeroObject: unknown }>).xeroObject as ContactPerson;
      wanted.push({ crmid: p.item.crmid ?? 0, recordLabel: p.label, person, ...(previous ? { previous } : {}) });
    }
    const placed = placeContactPersons((org?.contactPersons ?? []) as ContactPerson[], wanted, orgLabel, removed);
    for (const s of placed.skipped) {
      const p = items.find((i) => i.item.crmid === s.crmid);
      if (p) outcomes.set(p, { pair: setup.pair, crmid: p.item.crmid ?? null, xeroId: orgId, kind: 'skipped', action: 'skip', logs: [{ direction: TO_XERO, action: 'Skip', status: 'Skipped', reasons: [s.reason] }] });
    }
    orgWrites.push({ orgId, items: items.filter((p) => !outcomes.has(p)), placed: placed.placed, element: { contactID: orgId, contactPersons: placed.contactPersons } });
  }
  if (orgWrites.length > 0 && !ctx.dryRun) {
    let results: Awaited<ReturnType<typeof ctx.api.saveContacts>>['results'] = [];
    try {
      results = (await ctx.api.saveContacts(orgWrites.map((w) => w.element), { idempotencyScope: `persons:${orgWrites.map((w) => w.items.map((p) => `${p.item.crmid}:${p.item.link?.xeroHash ?? 'new'}`).join(',')).join(';')}` })).results;
    } catch (error) {
      const failedSent = xeroCallFailed(setup, planned, orgWrites.flatMap((w) => w.items), error);
      if (!(failedSent instanceof Map)) return failedSent;
      for (const [p, o] of failedSent) outcomes.set(p, o);
    }
    for (const r of results) {
      const w = orgWrites[r.index] as OrgWrite;
      for (const p of w.items) {
        if (!r.ok) {
          outcomes.set(p, failed(setup, p, [reason('sync.failed.xero', { record: p.label, message: r.error.messages.join(' ') })], undefined, { needsAction: true }));
          continue;
        }
        ctx.byId.set(w.orgId, r.value);
        const at = w.placed.get(p.item.crmid ?? 0);
        personAfter.set(p, { org: r.value, person: at === undefined ? undefined : r.value.contactPersons?.[at] });
      }
    }
  }

  // 2. Vtiger
  const { written, readBack, stop } = await writePlannedToVtiger(
    ctx,
    planned.filter((p) => writesVtiger(p) && !outcomes.has(p)),
    (p) => ({
      crmid: p.item.crmid,
      element: (p.plan as Extract<RecordPlan, { element: unknown }>).element,
      ...(p.item.crmid === undefined && p.item.place ? { organizationCrmid: p.item.place.organizationCrmid, ...(p.item.place.organizationXeroId ? { xeroId: p.item.place.organizationXeroId } : {}) } : {}),
    }),
    outcomes,
  );

  // 3. Outcomes
  const at = ctx.now();
  for (const p of planned) {
    if (outcomes.has(p)) continue;
    const orgId = p.item.place?.organizationXeroId;
    const now = personAfter.get(p);
    const org = now?.org ?? p.item.place?.organization;
    const after: XeroAfter = {
      object: now ? now.person : p.item.place?.person,
      holder: org,
      linkId: (crmid) => (orgId ? personXeroId(orgId, crmid) : undefined),
      blockId: orgId,
    };
    outcomes.set(p, outcomeOf(ctx, p, after, written.has(p) ? readBack.get(written.get(p) as number) : undefined, at));
  }
  return { outcomes: planned.map((p) => outcomes.get(p) as RecordOutcome), ...(stop !== undefined ? { stop } : {}) };
}

import type { Knex } from 'knex';
import type { ContactPerson } from 'xero-node';
import type { XeroAccountingApi, XeroContact, XeroItem } from '../../xero/api/XeroAccountingApi.js';
import { ModuleMetadataCache } from '../../vtiger/schema/ModuleMetadataCache.js';
import { findLinksByCrmids, findLinksByXeroIds, type SyncLink } from '../links/linksRepository.js';
import { joinPersonName } from '../mapping/personName.js';
import { hashXeroObject } from '../mapping/sides.js';
import { contactAppearance, parsePersonXeroId } from '../persons/contactAppearance.js';
import { identifyContactPersons } from '../persons/contactPersons.js';
import { selectedAmong } from '../selection/selectionQuery.js';
import { isArchivedXeroContact } from '../xeroTimes.js';
import { reason, type SyncReason } from '../types.js';
import { codeFieldOf, findKeyTwins, linkedAmong, twinRefusal } from './keyTwins.js';
import { MatchIndex } from './matchIndex.js';
import { fieldsToRead, type PairSetup } from './pairSetup.js';
import type { OpenQueueItem } from './syncQueue.js';
import { findByStoredXeroId } from './xeroInformation.js';
import { findContactsByName, findVtigerIdsByField, matchKey, personNameKey } from './vtigerLookup.js';
import { readVtigerValues, recordLabel, type VtigerRow } from './vtigerValues.js';
import { xeroIdOf, type PersonPlace, type WorkItem } from './workItem.js';

/**
 * The records one pass of one pair works on: the Vtiger records that changed (or were chosen), the Xero records
 * that changed and belong to the pair, each with its link; unlinked records are matched to the other side
 * before anything is created (contacts by ContactNumber, e-mail, exact name; items by code), so a Xero
 * organisation that already has data is linked, not duplicated.
 */
export interface PassState {
  knex: Knex;
  api: XeroAccountingApi;
  /** Xero objects of the endpoint known this pass (read, fetched, or as written), by id. */
  byId: Map<string, XeroContact | XeroItem>;
  /** Ids Xero returned as changed this pass, in UpdatedDateUTC order. */
  changedXeroIds: readonly string[];
  /** Xero ids that belong to a record of some pair (linked, or matched this pass). */
  claimed: Set<string>;
  /** Explicit crmids of an "ids" run (everything else is left alone). */
  explicitIds: ReadonlySet<number> | undefined;
  /** Open queue items by related crmid. */
  queueByCrmid: ReadonlyMap<number, OpenQueueItem>;
}

export interface WorkSet {
  items: WorkItem[];
  /**
   * Linked records Xero returned unchanged (the content hash is the link's) and Vtiger did not change: our own
   * writes read back, or records re-read through the overlap. Counted, never read from Vtiger or planned.
   */
  unchanged: Array<{ crmid: number; xeroId: string }>;
  /** Records that matched more than one Xero record: reported, neither linked nor created. */
  ambiguous: Array<{ item: WorkItem; reason: SyncReason }>;
  /**
   * Records refused before anything is written because another record would land on the same Xero record
   * (keyTwins.ts), and Xero records that match several Vtiger records: they need an edit, not a retry.
   */
  refused: Array<{ item: WorkItem; reason: SyncReason; field: string; twin?: number }>;
}

/** How a Xero contact with no link is taken into Vtiger: an individual (Contacts) or an organization (Accounts). */
export function looksLikeIndividual(c: XeroContact): boolean {
  if ((c.contactPersons?.length ?? 0) > 0) return false;
  if (!c.firstName && !c.lastName) return false;
  return matchKey(c.name) === matchKey(joinPersonName(c.firstName, c.lastName));
}

function contactKeys(setup: PairSetup, row: VtigerRow): Array<string | null | undefined> {
  const v = row.values;
  if (setup.pair === 'accounts') return [v['account_no'], v['email1'], v['accountname']];
  return [v['contact_no'], v['email'], joinPersonName(v['firstname'], v['lastname'])];
}

function xeroContactKeys(c: XeroContact): Array<string | null | undefined> {
  return [c.contactNumber, c.emailAddress, c.name];
}

function byLevel(pair: PairSetup['pair'], level: number): string {
  if (pair === 'products' || pair === 'services') return 'code';
  return ['ContactNumber', 'e-mail', 'name'][level] ?? 'name';
}

async function readRows(knex: Knex, setup: PairSetup, crmids: readonly number[]): Promise<Map<number, VtigerRow>> {
  return readVtigerValues(knex, setup.meta, crmids, fieldsToRead(setup));
}

export async function buildWorkSet(state: PassState, setup: PairSetup, vtigerIds: readonly number[]): Promise<WorkSet> {
  const { knex } = state;
  const changedHere = state.changedXeroIds.filter((id) => state.byId.has(id));
  const xeroLinks = await findLinksByXeroIds(knex, setup.pair, changedHere);
  const ids: number[] = [...vtigerIds];
  const seen = new Set(ids);
  const unchanged: WorkSet['unchanged'] = [];
  for (const link of xeroLinks.values()) {
    if (link.xeroKind === 'person' || seen.has(link.crmid)) continue;
    if (state.explicitIds && !state.explicitIds.has(link.crmid)) continue;
    const object = state.byId.get(link.xeroId);
    const archived = setup.kind === 'contact' && object !== undefined && isArchivedXeroContact(object as XeroContact);
    if (object && !archived && link.state === 'active' && link.xeroKind === setup.kind && link.mappingVersion === setup.mappingVersion && hashXeroObject(setup.kind, setup.fields, object, { recordLabel: '' }).hash === link.xeroHash) {
      unchanged.push({ crmid: link.crmid, xeroId: link.xeroId });
      continue;
    }
    ids.push(link.crmid);
    seen.add(link.crmid);
  }
  const rows = await readRows(knex, setup, ids);
  const links = await findLinksByCrmids(knex, setup.pair, ids);
  const selected = state.explicitIds ? new Set(ids) : await selectedAmong(knex, setup.meta, setup.settings.selection, ids);
  const items: WorkItem[] = [];
  const ambiguous: WorkSet['ambiguous'] = [];
  const personRows: VtigerRow[] = [];

  for (const crmid of ids) {
    const row = rows.get(crmid);
    if (!row) continue;
    const link = links.get(crmid);
    if (setup.pair === 'contacts' && contactAppearance(row.values).kind === 'person') {
      personRows.push(row);
      continue;
    }
    const kind = setup.kind;
    const linked = link && link.xeroKind === kind ? link : undefined;
    if (linked) state.claimed.add(linked.xeroId);
    items.push({
      kind,
      crmid,
      row,
      selected: selected.has(crmid),
      xero: linked ? state.byId.get(linked.xeroId) : undefined,
      link,
      ...(state.queueByCrmid.get(crmid) ? { queueItem: state.queueByCrmid.get(crmid) as OpenQueueItem } : {}),
    });
  }

  const refused = await refuseTwins(state, setup, items);
  matchUnlinkedVtiger(state, setup, items, ambiguous);
  const fromXero = await takeUnlinkedXero(state, setup, items, changedHere, xeroLinks, refused);
  items.push(...fromXero);
  if (setup.pair === 'contacts') items.push(...(await buildPersons(state, setup, personRows, selected, links)));
  return { items, ambiguous, unchanged, refused };
}

/**
 * Records not linked yet whose Item Code / name another Vtiger record holds are taken out of the work (both of
 * them when neither is linked), so nothing of them is written anywhere; see keyTwins.ts.
 */
async function refuseTwins(state: PassState, setup: PairSetup, items: WorkItem[]): Promise<WorkSet['refused']> {
  const open = items.filter((i) => i.row && !i.row.deleted && i.selected && !(i.link && i.link.xeroKind === i.kind && i.link.state !== 'vtigerDeleted'));
  if (open.length === 0) return [];
  const twins = await findKeyTwins(state.knex, setup, open.map((i) => i.row as VtigerRow));
  if (twins.size === 0) return [];
  const linked = await linkedAmong(state.knex, [...twins.values()].flatMap((t) => t.others));
  const refused: WorkSet['refused'] = [];
  const field = setup.kind === 'item' ? codeFieldOf(setup) : setup.pair === 'accounts' ? 'accountname' : 'lastname';
  for (const item of open) {
    const t = twins.get(item.crmid ?? 0);
    if (!t) continue;
    const owner = t.others.find((o) => linked.has(o.crmid)) ?? t.others[0];
    refused.push({ item, reason: twinRefusal(setup, recordLabel(item.row as VtigerRow, setup.numberField), t, linked), field, ...(owner ? { twin: owner.crmid } : {}) });
  }
  for (const r of refused) items.splice(items.indexOf(r.item), 1);
  return refused;
}

/** Unlinked Vtiger records: the Xero record XTiger stored on them, else the matching rules. */
function matchUnlinkedVtiger(state: PassState, setup: PairSetup, items: WorkItem[], ambiguous: WorkSet['ambiguous']): void {
  const open = items.filter((i) => i.row && !i.row.deleted && i.selected && !(i.link && i.link.xeroKind === i.kind));
  if (open.length === 0) return;
  const isItem = setup.kind === 'item';
  const codeField = isItem ? codeFieldOf(setup) : undefined;
  const candidates = [...state.byId.values()].filter((o) => !state.claimed.has(xeroIdOf(o) ?? ''));
  const index = new MatchIndex(
    isItem ? 1 : 3,
    candidates.map((o) => ({
      id: xeroIdOf(o) ?? '',
      keys: isItem ? [(o as XeroItem).code] : xeroContactKeys(o as XeroContact),
      active: isItem || !isArchivedXeroContact(o as XeroContact),
    })),
  );
  for (const item of open) {
    const row = item.row as VtigerRow;
    const stored = row.storedXeroId;
    if (stored && state.byId.has(stored) && !state.claimed.has(stored)) {
      item.xero = state.byId.get(stored);
      item.matchedBy = 'Xero ID';
      state.claimed.add(stored);
      continue;
    }
    const keys = isItem ? [row.values[codeField ?? ''] ?? null] : contactKeys(setup, row);
    const found = index.find(keys, state.claimed);
    if (found.kind === 'matched') {
      item.xero = state.byId.get(found.id);
      item.matchedBy = byLevel(setup.pair, found.level);
      state.claimed.add(found.id);
    } else if (found.kind === 'ambiguous') {
      ambiguous.push({ item, reason: reason('sync.match.ambiguous', { record: recordLabel(row, setup.numberField), by: byLevel(setup.pair, found.level) }) });
    }
  }
  for (const a of ambiguous) items.splice(items.indexOf(a.item), 1);
}

/**
 * Whether an unlinked Xero record is this pair's to take into Vtiger. A Xero contact that matches an existing
 * Organization belongs to Organizations, one that matches a Contact without organization to Contacts; a new
 * one is an individual (Contacts) when it has a first or last name making up its name and no persons, else an
 * organization. Items: a code that is a Service Number belongs to Services, every other item to Products.
 */
async function belongsHere(state: PassState, setup: PairSetup, objects: Array<XeroContact | XeroItem>): Promise<Array<XeroContact | XeroItem>> {
  if (setup.kind === 'item') {
    const codes = objects.map((o) => (o as XeroItem).code);
    const services = await findVtigerIdsByField(state.knex, await serviceMeta(state, setup), 'service_no', codes);
    return objects.filter((o) => (services.has(matchKey((o as XeroItem).code) ?? '') ? setup.pair === 'services' : setup.pair === 'products'));
  }
  const other: LookupTarget = setup.pair === 'accounts'
    ? { pair: 'contacts', module: 'Contacts', kind: 'contact', meta: await ModuleMetadataCache.for(state.knex).get('Contacts'), fields: [] }
    : { pair: 'accounts', module: 'Accounts', kind: 'contact', meta: await ModuleMetadataCache.for(state.knex).get('Accounts'), fields: [] };
  const mine = await lookupVtiger(state, setup, objects);
  const theirs = await lookupVtiger(state, other, objects);
  const individual = setup.pair === 'contacts';
  return objects.filter((o) => {
    const id = xeroIdOf(o) as string;
    if (mine.has(id)) return true;
    if (theirs.has(id)) return false;
    return looksLikeIndividual(o as XeroContact) === individual;
  });
}

async function serviceMeta(state: PassState, setup: PairSetup): Promise<PairSetup['meta']> {
  return setup.pair === 'services' ? setup.meta : ModuleMetadataCache.for(state.knex).get('Services');
}

/** Unlinked Xero records of this pair: an existing Vtiger record if one matches, else a record to create in Vtiger. */
async function takeUnlinkedXero(state: PassState, setup: PairSetup, items: WorkItem[], changed: readonly string[], xeroLinks: Map<string, SyncLink>, refused: WorkSet['refused']): Promise<WorkItem[]> {
  if (state.explicitIds) return [];
  const unlinked = changed
    .filter((id) => !state.claimed.has(id) && !xeroLinks.has(id))
    .map((id) => state.byId.get(id) as XeroContact | XeroItem)
    .filter((o) => setup.kind === 'item' || !isArchivedXeroContact(o as XeroContact));
  const mine = await belongsHere(state, setup, unlinked);
  if (mine.length === 0) return [];
  const inWork = new Set(items.map((i) => i.crmid).filter((c): c is number => c !== undefined));
  const linkedCrmids = new Set((await findLinksByCrmids(state.knex, setup.pair, await candidateCrmids(state, setup, mine))).keys());
  const taken = (crmid: number | undefined): boolean => crmid === undefined || inWork.has(crmid) || linkedCrmids.has(crmid);
  const found = await lookupVtiger(state, setup, mine);
  const out: WorkItem[] = [];
  const toRead: number[] = [];
  const pairs: Array<{ object: XeroContact | XeroItem; crmid: number | undefined; by?: string }> = [];
  const refusedCrmids = new Set(refused.map((r) => r.item.crmid));
  for (const o of mine) {
    const id = xeroIdOf(o) as string;
    const hits = found.get(id) ?? [];
    // A Xero record writes only to a Vtiger record it is proven to be: one record at the best level of matching,
    // and none of the records refused for sharing its key.
    const best = hits[0]?.by;
    const atBest = [...new Set(hits.filter((h) => h.by === best).map((h) => h.crmid))];
    if (atBest.length > 1 || atBest.some((c) => refusedCrmids.has(c))) {
      state.claimed.add(id);
      const by = best ?? 'code';
      refused.push({
        item: { kind: setup.kind, crmid: undefined, row: undefined, selected: true, xero: o, link: undefined },
        reason: reason('sync.refused.notProven', { kind: setup.kind === 'item' ? 'item' : 'contact', name: (o as XeroItem).code ?? (o as XeroContact).name ?? id, count: Math.max(atBest.length, 2), by }),
        field: by,
      });
      continue;
    }
    const hit = hits.find((h) => !taken(h.crmid));
    if (hit) {
      inWork.add(hit.crmid);
      toRead.push(hit.crmid);
      pairs.push({ object: o, crmid: hit.crmid, by: hit.by });
    } else {
      pairs.push({ object: o, crmid: undefined });
    }
    state.claimed.add(id);
  }
  const rows = await readRows(state.knex, setup, toRead);
  const selected = await selectedAmong(state.knex, setup.meta, setup.settings.selection, toRead);
  for (const p of pairs) {
    const row = p.crmid !== undefined ? rows.get(p.crmid) : undefined;
    out.push({
      kind: setup.kind,
      crmid: row?.crmid,
      row,
      selected: row ? selected.has(row.crmid) : true,
      xero: p.object,
      link: undefined,
      ...(row && p.by ? { matchedBy: p.by } : {}),
    });
  }
  return out;
}

async function candidateCrmids(state: PassState, setup: PairSetup, objects: Array<XeroContact | XeroItem>): Promise<number[]> {
  const found = await lookupVtiger(state, setup, objects);
  return [...new Set([...found.values()].flat().map((h) => h.crmid))];
}

/** What a lookup needs of a pair (the other pair of the endpoint may not be part of the run). */
type LookupTarget = Pick<PairSetup, 'pair' | 'module' | 'meta' | 'kind' | 'fields'>;

/** Vtiger records per Xero id, best first: the stored Xero ID, then number, e-mail, name (or code). */
async function lookupVtiger(state: PassState, setup: LookupTarget, objects: Array<XeroContact | XeroItem>): Promise<Map<string, Array<{ crmid: number; by: string }>>> {
  const out = new Map<string, Array<{ crmid: number; by: string }>>();
  const add = (id: string, crmids: number[] | undefined, by: string): void => {
    if (!crmids) return;
    out.set(id, [...(out.get(id) ?? []), ...crmids.map((crmid) => ({ crmid, by }))]);
  };
  const stored = await findByStoredXeroId(state.knex, setup.module, objects.map((o) => xeroIdOf(o) as string));
  for (const o of objects) {
    const id = xeroIdOf(o) as string;
    const c = stored.get(id);
    if (c !== undefined) add(id, [c], 'Xero ID');
  }
  if (setup.kind === 'item') {
    const field = codeFieldOf(setup);
    const byCode = await findVtigerIdsByField(state.knex, setup.meta, field, objects.map((o) => (o as XeroItem).code));
    for (const o of objects) add(xeroIdOf(o) as string, byCode.get(matchKey((o as XeroItem).code) ?? ''), 'code');
    return out;
  }
  const contacts = objects as XeroContact[];
  const numberField = setup.pair === 'accounts' ? 'account_no' : 'contact_no';
  const emailField = setup.pair === 'accounts' ? 'email1' : 'email';
  const standalone = (q: Knex.QueryBuilder): void => {
    if (setup.pair === 'contacts') q.andWhere((w) => w.whereNull('t.accountid').orWhere('t.accountid', 0));
  };
  const byNumber = await findVtigerIdsByField(state.knex, setup.meta, numberField, contacts.map((c) => c.contactNumber));
  const byEmail = await findVtigerIdsByField(state.knex, setup.meta, emailField, contacts.map((c) => c.emailAddress), standalone);
  const byName =
    setup.pair === 'accounts'
      ? await findVtigerIdsByField(state.knex, setup.meta, 'accountname', contacts.map((c) => c.name))
      : await findContactsByName(state.knex, contacts.map((c) => ({ first: c.firstName ?? null, last: c.lastName ?? null })), 'none');
  for (const c of contacts) {
    const id = c.contactID as string;
    add(id, byNumber.get(matchKey(c.contactNumber) ?? ''), 'ContactNumber');
    const email = byEmail.get(matchKey(c.emailAddress) ?? '');
    if (email?.length === 1) add(id, email, 'e-mail');
    const nameKey = setup.pair === 'accounts' ? matchKey(c.name) : personNameKey(c.firstName, c.lastName);
    const name = byName.get(nameKey ?? '');
    if (name?.length === 1) add(id, name, 'name');
  }
  return out;
}

// ---------- persons: Contacts with an Organization are ContactPersons on its Xero contact ----------

async function buildPersons(state: PassState, setup: PairSetup, personRows: VtigerRow[], selected: ReadonlySet<number>, links: Map<number, SyncLink>): Promise<WorkItem[]> {
  const { knex } = state;
  const rows = new Map(personRows.map((r) => [r.crmid, r]));
  // Persons on organizations whose Xero contact changed this pass.
  const changedOrgIds = state.changedXeroIds.filter((id) => state.byId.has(id));
  const orgLinksByXero = await findLinksByXeroIds(knex, 'accounts', changedOrgIds);
  const personLinks = await personLinksOn(knex, [...orgLinksByXero.keys()]);
  const extra = personLinks.map((l) => l.crmid).filter((c) => !rows.has(c) && (!state.explicitIds || state.explicitIds.has(c)));
  if (extra.length > 0) {
    const more = await readRows(knex, setup, extra);
    const moreLinks = await findLinksByCrmids(knex, 'contacts', extra);
    const moreSelected = state.explicitIds ? new Set(extra) : await selectedAmong(knex, setup.meta, setup.settings.selection, extra);
    for (const [crmid, row] of more) {
      if (contactAppearance(row.values).kind !== 'person') continue;
      rows.set(crmid, row);
      const l = moreLinks.get(crmid);
      if (l) links.set(crmid, l);
      if (moreSelected.has(crmid)) (selected as Set<number>).add(crmid);
    }
  }
  const orgCrmids = [...new Set([...rows.values()].map((r) => contactAppearance(r.values)).flatMap((a) => (a.kind === 'person' ? [a.accountCrmid] : [])))];
  const orgLinks = await findLinksByCrmids(knex, 'accounts', [...new Set([...orgCrmids, ...[...orgLinksByXero.values()].map((l) => l.crmid)])]);
  const orgLabels = await organizationLabels(knex, [...orgLinks.keys(), ...orgCrmids]);
  const missing = [...new Set([...orgLinks.values()].map((l) => l.xeroId).filter((id) => !state.byId.has(id)))];
  if (missing.length > 0 && rows.size > 0) for (const c of await state.api.getContactsById(missing)) if (c.contactID) state.byId.set(c.contactID, c);

  const items: WorkItem[] = [];
  const byOrg = new Map<number, WorkItem[]>();
  for (const row of rows.values()) {
    const appearance = contactAppearance(row.values);
    if (appearance.kind !== 'person') continue;
    const orgLink = orgLinks.get(appearance.accountCrmid);
    const organizationXeroId = orgLink?.state === 'active' || orgLink?.state === 'xeroArchived' ? orgLink.xeroId : undefined;
    const place: PersonPlace = {
      organizationCrmid: appearance.accountCrmid,
      organizationXeroId,
      organizationLabel: orgLabels.get(appearance.accountCrmid) ?? String(appearance.accountCrmid),
      organization: organizationXeroId ? (state.byId.get(organizationXeroId) as XeroContact | undefined) : undefined,
      person: undefined,
    };
    const item: WorkItem = { kind: 'person', crmid: row.crmid, row, selected: selected.has(row.crmid), xero: undefined, place, link: links.get(row.crmid) };
    const q = state.queueByCrmid.get(row.crmid);
    if (q) item.queueItem = q;
    items.push(item);
    byOrg.set(appearance.accountCrmid, [...(byOrg.get(appearance.accountCrmid) ?? []), item]);
  }
  // Which ContactPerson of each organization is which Vtiger contact; persons nobody claims become new contacts.
  for (const [orgCrmid, orgLink] of orgLinks) {
    const org = state.byId.get(orgLink.xeroId) as XeroContact | undefined;
    if (!org) continue;
    const mine = byOrg.get(orgCrmid) ?? [];
    const unclaimed = identifyPersons(org.contactPersons ?? [], mine);
    if (!changedOrgIds.includes(orgLink.xeroId) || state.explicitIds || unclaimed.length === 0) continue;
    items.push(...(await personsFromXero(state, setup, org, orgCrmid, orgLabels.get(orgCrmid) ?? '', unclaimed, new Set(items.map((i) => i.crmid ?? 0)))));
  }
  return items;
}

/** Sets `place.person` of each item; returns the persons no item claimed. */
function identifyPersons(persons: readonly ContactPerson[], items: WorkItem[]): ContactPerson[] {
  const free = new Set(persons.map((_, i) => i));
  // The person last synced: found by the link's snapshot (it may have changed on the Vtiger side since).
  for (const item of items) {
    const snap = item.link?.xeroKind === 'person' && parsePersonXeroId(item.link.xeroId)?.organizationContactId === item.place?.organizationXeroId ? item.link.xeroSnapshot : undefined;
    if (!snap) continue;
    const [hit] = identifyContactPersons(
      persons.filter((_, i) => free.has(i)),
      [{ crmid: item.crmid ?? 0, firstName: snap['firstname'] ?? null, lastName: snap['lastname'] ?? null, emailAddress: snap['email'] ?? null }],
    ).flatMap((c, i) => (c !== undefined ? [[...free][i] as number] : []));
    if (hit !== undefined && item.place) {
      item.place.person = persons[hit];
      free.delete(hit);
    }
  }
  const rest = items.filter((i) => !i.place?.person && i.row);
  const freeList = [...free];
  const matched = identifyContactPersons(
    freeList.map((i) => persons[i] as ContactPerson),
    rest.map((i) => ({ crmid: i.crmid ?? 0, firstName: i.row?.values['firstname'] ?? null, lastName: i.row?.values['lastname'] ?? null, emailAddress: i.row?.values['email'] ?? null })),
  );
  matched.forEach((crmid, k) => {
    if (crmid === undefined) return;
    const item = rest.find((i) => i.crmid === crmid);
    const at = freeList[k] as number;
    if (item?.place) {
      item.place.person = persons[at];
      free.delete(at);
    }
  });
  return [...free].map((i) => persons[i] as ContactPerson);
}

/** ContactPersons added in Xero: an existing Contact of the organization if one matches, else a new Contact. */
async function personsFromXero(state: PassState, setup: PairSetup, org: XeroContact, orgCrmid: number, orgLabel: string, persons: ContactPerson[], inWork: Set<number>): Promise<WorkItem[]> {
  const byEmail = await findVtigerIdsByField(state.knex, setup.meta, 'email', persons.map((p) => p.emailAddress), (q) => q.andWhere('t.accountid', orgCrmid));
  const byName = await findContactsByName(state.knex, persons.map((p) => ({ first: p.firstName ?? null, last: p.lastName ?? null })), orgCrmid);
  const candidates = [...new Set([...byEmail.values(), ...byName.values()].flat())].filter((c) => !inWork.has(c));
  const linked = await findLinksByCrmids(state.knex, 'contacts', candidates);
  const rows = await readRows(state.knex, setup, candidates.filter((c) => !linked.has(c)));
  const out: WorkItem[] = [];
  for (const person of persons) {
    const hits = [...(byEmail.get(matchKey(person.emailAddress) ?? '') ?? []), ...(byName.get(personNameKey(person.firstName, person.lastName) ?? '') ?? [])];
    const crmid = hits.find((c) => rows.has(c) && !inWork.has(c));
    const row = crmid !== undefined ? rows.get(crmid) : undefined;
    if (crmid !== undefined) inWork.add(crmid);
    out.push({
      kind: 'person',
      crmid,
      row,
      selected: true,
      xero: undefined,
      place: { organizationCrmid: orgCrmid, organizationXeroId: org.contactID, organizationLabel: orgLabel, organization: org, person },
      link: undefined,
      ...(row ? { matchedBy: 'e-mail' } : {}),
    });
  }
  return out;
}

async function personLinksOn(knex: Knex, orgXeroIds: readonly string[]): Promise<SyncLink[]> {
  if (orgXeroIds.length === 0) return [];
  const out: SyncLink[] = [];
  for (let i = 0; i < orgXeroIds.length; i += 500) {
    const rows = (await knex('xtiger_links')
      .where({ pair: 'contacts', xero_kind: 'person' })
      .whereIn(knex.raw("SUBSTRING_INDEX(xero_id, '#person:', 1)") as unknown as string, orgXeroIds.slice(i, i + 500))
      .select('crmid')) as Array<{ crmid: number }>;
    const links = await findLinksByCrmids(knex, 'contacts', rows.map((r) => Number(r.crmid)));
    out.push(...links.values());
  }
  return out;
}

async function organizationLabels(knex: Knex, crmids: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(crmids)];
  if (ids.length === 0) return new Map();
  const rows = (await knex('vtiger_crmentity').whereIn('crmid', ids).select('crmid', 'label')) as Array<{ crmid: number; label: string | null }>;
  return new Map(rows.map((r) => [Number(r.crmid), r.label ?? String(r.crmid)]));
}

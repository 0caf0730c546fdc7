import type { Knex } from 'knex';
import type { XeroSandbox } from '../../xeroSandbox/index.js';
import type { CorpusModule } from './corpus.js';
import type { PlacedRecord } from './writeCorpus.js';

/** Where a record stands after a run, as an admin would see it: its Xero Information block, its XTLog lines, its
 * XTQueue items, and whether the Xero id it holds names a record that really is in Xero. */
export interface RecordState {
  deleted: boolean;
  xeroId: string | null;
  syncStatus: string | null;
  inXero: boolean;
  /**
   * XTLog lines of the run about this record: related to it, or — for a record deleted during the run, which a
   * line can no longer point at — naming its record number with no related record.
   */
  lines: Array<{ status: string; action: string; message: string }>;
  queue: Array<{ status: string; lastError: string }>;
  /** Why XTiger holds the record back, where it keeps that apart from XTQueue (xtiger_record_waits, when present). */
  waits: Array<{ cause: string; ref: string }>;
}

export const CF_TABLE: Record<CorpusModule, { table: string; key: string }> = {
  Accounts: { table: 'vtiger_accountscf', key: 'accountid' },
  Contacts: { table: 'vtiger_contactscf', key: 'contactid' },
  Products: { table: 'vtiger_productcf', key: 'productid' },
  Services: { table: 'vtiger_servicecf', key: 'serviceid' },
  Invoice: { table: 'vtiger_invoicecf', key: 'invoiceid' },
};

/** XTLog statuses that are not a failure: a record written or left as it was. */
export const QUIET_STATUSES = new Set(['Success', 'Synced', 'Skipped', 'Unchanged', '']);

/** A Vtiger contact of an organization: its e-mail, to find it among the organization's Xero ContactPersons. */
type PersonOf = Map<number, string>;

function isInXero(sandbox: XeroSandbox, module: CorpusModule, xeroId: string | null, personEmail: string | undefined): boolean {
  if (xeroId === null || xeroId === '') return false;
  const org = sandbox.org(sandbox.demoTenantId);
  if (module === 'Products' || module === 'Services') return org.items.get(xeroId) !== undefined;
  // A voided or deleted document no longer stands for the invoice.
  if (module === 'Invoice') return !['VOIDED', 'DELETED', undefined].includes(org.invoices.get(xeroId)?.Status);
  // A contact of an organization is a ContactPerson on the organization's Xero contact ("<ContactID>#person:…").
  const [contactId] = xeroId.split('#');
  const contact = org.contacts.get(contactId ?? '');
  if (contact === undefined || contact.ContactStatus !== 'ACTIVE') return false;
  if (personEmail === undefined) return true;
  const persons = (contact['ContactPersons'] ?? []) as Array<{ EmailAddress?: string }>;
  return persons.some((p) => (p.EmailAddress ?? '').toLowerCase() === personEmail.toLowerCase());
}

/** A line about the record: related to it, or (deleted record) unrelated and naming its number. */
function isAbout(line: Record<string, unknown>, crmid: number, deletedNumber: string | undefined): boolean {
  const related = Number(line['xtl_related_to'] ?? 0);
  if (related === crmid) return true;
  return related === 0 && deletedNumber !== undefined && new RegExp(`\\b${deletedNumber}\\b`).test(String(line['xtl_message'] ?? ''));
}

async function personsOfOrganizations(knex: Knex, records: readonly PlacedRecord[]): Promise<PersonOf> {
  const ids = records.filter((r) => r.module === 'Contacts').map((r) => r.crmid);
  const rows = (await knex('vtiger_contactdetails').whereIn('contactid', ids).where('accountid', '>', 0).select('contactid', 'email')) as Array<{ contactid: number; email: string | null }>;
  return new Map(rows.map((r) => [Number(r.contactid), r.email ?? '']));
}

export async function observe(knex: Knex, sandbox: XeroSandbox, records: readonly PlacedRecord[], runId: string | undefined, numbers: ReadonlyMap<number, string> = new Map()): Promise<Map<string, RecordState>> {
  const ids = records.map((r) => r.crmid);
  const entities = (await knex('vtiger_crmentity').whereIn('crmid', ids).select('crmid', 'deleted')) as Array<{ crmid: number; deleted: number }>;
  const deleted = new Set(entities.filter((e) => Number(e.deleted) !== 0).map((e) => Number(e.crmid)));
  const blocks = new Map<number, { xt_xero_id: string | null; xt_sync_status: string | null }>();
  for (const { table, key } of Object.values(CF_TABLE)) {
    const rows = (await knex(table).whereIn(key, ids).select({ crmid: key }, 'xt_xero_id', 'xt_sync_status')) as Array<{ crmid: number; xt_xero_id: string | null; xt_sync_status: string | null }>;
    for (const row of rows) blocks.set(Number(row.crmid), row);
  }
  const lines = runId === undefined ? [] : ((await knex('vtiger_xtlog').where({ xtl_run_id: runId }).select('xtl_related_to', 'xtl_status', 'xtl_action', 'xtl_message')) as Array<Record<string, unknown>>);
  const queue = (await knex('vtiger_xtqueue').whereIn('xtq_related_to', ids).select('xtq_related_to', 'xtq_status', 'xtq_last_error')) as Array<Record<string, unknown>>;
  const waits = (await knex.schema.hasTable('xtiger_record_waits'))
    ? ((await knex('xtiger_record_waits').whereIn('crmid', ids).select('crmid', 'cause', 'ref')) as Array<{ crmid: number; cause: string; ref: string | null }>)
    : [];
  const persons = await personsOfOrganizations(knex, records);
  const out = new Map<string, RecordState>();
  for (const r of records) {
    const block = blocks.get(r.crmid);
    const xeroId = block?.xt_xero_id ?? null;
    out.set(r.key, {
      deleted: deleted.has(r.crmid),
      xeroId,
      syncStatus: block?.xt_sync_status ?? null,
      inXero: isInXero(sandbox, r.module, xeroId, persons.get(r.crmid)),
      lines: lines.filter((l) => isAbout(l, r.crmid, deleted.has(r.crmid) ? numbers.get(r.crmid) : undefined)).map((l) => ({ status: String(l['xtl_status'] ?? ''), action: String(l['xtl_action'] ?? ''), message: String(l['xtl_message'] ?? '') })),
      queue: queue.filter((q) => Number(q['xtq_related_to']) === r.crmid).map((q) => ({ status: String(q['xtq_status'] ?? ''), lastError: String(q['xtq_last_error'] ?? '') })),
      waits: waits.filter((w) => Number(w.crmid) === r.crmid).map((w) => ({ cause: w.cause, ref: w.ref ?? '' })),
    });
  }
  return out;
}

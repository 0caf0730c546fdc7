import type { Knex } from 'knex';
import { translate } from '../../i18n/translate.js';
import { reason, type SyncReason } from '../types.js';
import { archivedInXero, dueWaits, factToRecheck, parentCause, readWaits, refusalReasons, waitFacts, type OrganisationFactHashes, type OrganisationFactKind, type RecordWait } from '../run/waits.js';
import type { InvoiceOutcome } from './invoiceOutcome.js';

/**
 * Invoices refused for a cause outside themselves wait (see run/waits.ts): for their organization or contact to be
 * in Xero, or for the Xero organisation's tax rates or currencies to change; invoices refused for their own data
 * need an edit. Which is which follows from the refusal's reason.
 */
const OWN_DATA = new Set([
  'invoice.refused.noLines',
  'invoice.refused.noCurrency',
  'invoice.refused.noContact',
  'invoice.refused.creditInvoice',
  'invoice.refused.negativeTotal',
  'invoice.refused.storedTotalDiffers',
  'invoice.refused.unsupportedTax',
]);
const TAX = new Set(['invoice.refused.taxRateMissing', 'invoice.refused.taxRateMismatch', 'invoice.refused.taxRateUnusable', 'invoice.refused.taxRateAmbiguous', 'invoice.refused.noZeroTaxType']);

/** The wait of a refusal (undefined: retried by the queue, e.g. settings to choose). */
export function invoiceWaitOf(refusal: SyncReason, partyCrmid: number | null, factsHash: OrganisationFactHashes | undefined): RecordWait | undefined {
  if (refusal.key === 'invoice.refused.contactNotInXero' && partyCrmid !== null) return { cause: 'parent', ref: String(partyCrmid), reason: refusal };
  if (refusal.key === 'invoice.refused.itemNotInXero' && refusal.params['itemCrmid'] !== undefined) return { cause: 'parent', ref: String(refusal.params['itemCrmid']), reason: refusal };
  if (refusal.key === 'invoice.refused.unknownCurrency') return { cause: 'currency', ref: String(refusal.params['currency'] ?? ''), reason: refusal, factsHash: factsHash?.currency ?? null };
  if (TAX.has(refusal.key)) return { cause: 'taxRate', ref: String(refusal.params['percent'] ?? refusal.params['taxes'] ?? ''), reason: refusal, factsHash: factsHash?.taxRate ?? null };
  if (OWN_DATA.has(refusal.key)) return { cause: 'needsAction', ref: null, reason: refusal };
  return undefined;
}

/** The record a waiting invoice waits for: its organization/contact, or the item of a line. */
function parentOf(refusal: SyncReason | undefined, partyCrmid: number | null): number | null {
  if (refusal?.key === 'invoice.refused.contactNotInXero') return partyCrmid;
  if (refusal?.key === 'invoice.refused.itemNotInXero') return Number(refusal.params['itemCrmid']);
  return null;
}

/** The outcome of a refused invoice with its wait, its queue change, and (waiting for a parent) the parent's cause. */
export async function withInvoiceWaits(knex: Knex, outcomes: InvoiceOutcome[], parties: ReadonlyMap<number, number | null>, factsHash: OrganisationFactHashes | undefined, language: string): Promise<InvoiceOutcome[]> {
  const refused = outcomes.filter((o) => o.kind === 'refused' && o.log);
  if (refused.length === 0) return outcomes;
  const parentIds = refused.map((o) => parentOf(o.log?.reasons[0], parties.get(o.crmid) ?? null)).filter((c): c is number => c !== null);
  const causes = await refusalReasons(knex, parentIds);
  const archived = await archivedInXero(knex, parentIds);
  return outcomes.map((o) => {
    if (!refused.includes(o) || !o.log) return o;
    const main = o.log.reasons[0] as SyncReason;
    const party = parties.get(o.crmid) ?? null;
    const wait = invoiceWaitOf(main, party, factsHash);
    if (!wait) return { ...o, queue: { failed: true, error: '' } };
    if (wait.cause === 'needsAction') return { ...o, wait, queue: { needsAction: true } };
    let log = o.log;
    if (wait.cause === 'parent') {
      const isItem = main.key === 'invoice.refused.itemNotInXero';
      const parentId = parentOf(main, party) as number;
      const parent = String((isItem ? main.params['item'] : main.params['name']) ?? parentId);
      const moduleWord = translate(language, isItem ? 'sync.module.item' : main.params['module'] === 'Contact' ? 'sync.module.contact' : 'sync.module.organization');
      log = { ...o.log, reasons: [reason('sync.waiting.parent', { record: String(main.params['record'] ?? o.crmid), module: moduleWord, parent, why: parentCause(language, parent, causes.get(parentId), archived.has(parentId)) })] };
    }
    return { ...o, log, wait, queue: { waiting: true } };
  });
}

/**
 * Invoices whose wait may be over: parents linked now, or the organisation's facts changed since the refusal. The
 * facts cost at most one Xero call a run (`factToRecheck`): `lastRead` is the kind read the run before, and the
 * answer says which kind this run read (to be remembered for the next). `known`: both kinds, when the run reads
 * them anyway to send invoices (then no read is made for the check).
 */
export async function dueInvoiceWaits(
  knex: Knex,
  readFact: (kind: OrganisationFactKind) => Promise<string>,
  lastRead: OrganisationFactKind | undefined,
  known?: OrganisationFactHashes,
): Promise<{ due: number[]; read: OrganisationFactKind | undefined }> {
  const waits = (await readWaits(knex, ['Invoice'])).filter((w) => ['parent', 'taxRate', 'currency'].includes(w.cause));
  if (waits.length === 0) return { due: [], read: undefined };
  const facts = await waitFacts(knex, waits);
  if (known) return { due: dueWaits(waits, { ...facts, factsHash: known }), read: undefined };
  const kind = factToRecheck(waits, lastRead);
  const hashes: OrganisationFactHashes | undefined = kind === undefined ? undefined : { [kind]: await readFact(kind) };
  return { due: dueWaits(waits, { ...facts, factsHash: hashes }), read: kind };
}

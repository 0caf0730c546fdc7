import type { Knex } from 'knex';
import { createVtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import { dirtyCrmCorpus, VTIGER_EXTRA_CURRENCY, type CorpusModule, type CorpusRecord, type FirstOutcome, type RecordFix } from './corpus.js';

/** A record of the sample database or the corpus, as it now is in Vtiger. */
export interface PlacedRecord {
  key: string;
  module: CorpusModule;
  case: string;
  crmid: number;
  wsId: string;
  expect: FirstOutcome;
  fix?: RecordFix;
}

const MODULES: CorpusModule[] = ['Accounts', 'Contacts', 'Products', 'Services', 'Invoice'];

/**
 * The Vtiger admin's settings this CRM has: duplicate prevention for Organizations switched off (Settings →
 * Duplicate Prevention; many CRMs imported their data that way) and a second currency, CHF (Settings →
 * Currencies). Settings screens, not records: written as those screens write them.
 */
async function adminSettings(knex: Knex): Promise<number> {
  await knex('vtiger_tab').where({ name: 'Accounts' }).update({ allowduplicates: 1 });
  const existing = (await knex('vtiger_currency_info').where({ currency_code: VTIGER_EXTRA_CURRENCY.code }).first('id')) as { id: number } | undefined;
  if (existing) return Number(existing.id);
  return knex.transaction(async (trx) => {
    const [[seq]] = (await trx.raw('SELECT id FROM vtiger_currency_info_seq FOR UPDATE')) as [[{ id: number }]];
    const id = Number(seq.id) + 1;
    await trx('vtiger_currency_info_seq').update({ id });
    await trx('vtiger_currency_info').insert({
      id, currency_name: VTIGER_EXTRA_CURRENCY.name, currency_code: VTIGER_EXTRA_CURRENCY.code, currency_symbol: VTIGER_EXTRA_CURRENCY.symbol,
      conversion_rate: VTIGER_EXTRA_CURRENCY.rate, currency_status: 'Active', defaultid: 0, deleted: 0,
    });
    return id;
  });
}

function resolveRefs(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string' && value.startsWith('@')) {
    const id = ids.get(value.slice(1));
    if (id === undefined) throw new Error(`the corpus names ${value}, which is not written yet`);
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids)]));
  return value;
}

/** The sample database's own records (Acme, Widget A, INV1…): clean, each expected in Xero. */
async function sampleRecords(knex: Knex, except: ReadonlySet<number>): Promise<PlacedRecord[]> {
  const rows = (await knex('vtiger_crmentity').whereIn('setype', MODULES).where('deleted', 0).orderBy('crmid').select('crmid', 'setype')) as Array<{ crmid: number; setype: CorpusModule }>;
  const prefixes = (await knex('vtiger_ws_entity').whereIn('name', MODULES).select('id', 'name')) as Array<{ id: number; name: string }>;
  const prefix = new Map(prefixes.map((p) => [p.name, p.id]));
  return rows
    .filter((r) => !except.has(Number(r.crmid)))
    .map((r) => ({ key: `sample.${r.crmid}`, module: r.setype, case: 'record of the Vtiger sample database', crmid: Number(r.crmid), wsId: `${prefix.get(r.setype) ?? 0}x${r.crmid}`, expect: { in: 'xero' } }));
}

/** Writes corpus records through the webservice, remembering their ids for the records written after them. */
export interface CorpusWriter {
  write(records: readonly CorpusRecord[]): Promise<PlacedRecord[]>;
  /** The sample database's own records, i.e. every record of the five modules not written by this writer. */
  sample(): Promise<PlacedRecord[]>;
}

/**
 * Writes into the database behind `webserviceUrl` through Vtiger's webservice, as a user would (create calls;
 * Vtiger itself cuts long text and stores emoji as ????), after the admin's settings (adminSettings).
 */
export async function corpusWriter(input: { knex: Knex; webserviceUrl: string }): Promise<CorpusWriter> {
  const currencyId = await adminSettings(input.knex);
  const vtiger = await createVtigerWebserviceClient({ knex: input.knex, url: input.webserviceUrl, userName: 'admin' });
  const ids = new Map<string, string>([[`currency.${VTIGER_EXTRA_CURRENCY.code}`, `21x${currencyId}`]]);
  const written = new Set<number>();
  return {
    write: async (records) => {
      const placed: PlacedRecord[] = [];
      for (const record of records) {
        const created = await vtiger.create(record.module, resolveRefs(record.element, ids) as Record<string, unknown>);
        const wsId = String(created['id']);
        ids.set(record.key, wsId);
        const crmid = Number(wsId.split('x')[1]);
        written.add(crmid);
        placed.push({ key: record.key, module: record.module, case: record.case, crmid, wsId, expect: record.expect, ...(record.fix ? { fix: record.fix } : {}) });
      }
      return placed;
    },
    sample: () => sampleRecords(input.knex, written),
  };
}

/** The whole corpus at once, with the sample's records: every record of the five modules then in Vtiger. */
export async function writeDirtyCrm(input: { knex: Knex; webserviceUrl: string; corpus?: CorpusRecord[] }): Promise<PlacedRecord[]> {
  const writer = await corpusWriter(input);
  const placed = await writer.write(input.corpus ?? dirtyCrmCorpus());
  return [...(await writer.sample()), ...placed];
}

import type { Knex } from 'knex';
import { createSampleDatabase, type SampleDatabase } from '../../../testing/sampleDatabase.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../../../testing/vtigerWebserviceDouble/index.js';
import { createVtigerWebserviceClient } from '../../../vtiger/webservice/VtigerWebserviceClient.js';
import { XeroAccountingApi } from '../../../xero/api/XeroAccountingApi.js';
import { XeroRateGovernor } from '../../../xero/api/XeroRateGovernor.js';
import { createVirtualClock, startXeroSandbox, type SandboxClock, type XeroSandbox } from '../../../xeroSandbox/index.js';
import type { RunSyncDeps } from '../types.js';

/**
 * Everything a sync run needs, wired for tests and benchmarks: a copy of the sample database with XTiger's
 * modules installed and its tables migrated, the Vtiger webservice double writing to it, and the Xero sandbox
 * (contract check on), all on one virtual clock that starts now (so Vtiger's modifiedtime and Xero's
 * UpdatedDateUTC are comparable and later than the sample's).
 */
export interface SyncHarness {
  db: SampleDatabase;
  sandbox: XeroSandbox;
  double: VtigerWebserviceDouble;
  clock: SandboxClock;
  tenantId: string;
  /** Fresh deps for one run (a new XeroAccountingApi per run, as production does). */
  deps(options?: RunSyncDeps['options']): Promise<RunSyncDeps>;
  /** Closes the double and the sandbox; drops the database unless it was passed in. */
  close(): Promise<void>;
}

export function vtigerTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** A Xero API for the sandbox's demo organisation, with tokens issued by the sandbox (renewed on 401). */
export function sandboxXeroApi(sandbox: XeroSandbox, clock: SandboxClock, governor = new XeroRateGovernor(clock)): XeroAccountingApi {
  let token = sandbox.issueTokenSet().access_token;
  return new XeroAccountingApi({
    apiUrl: sandbox.url,
    clock,
    governor,
    tenantId: sandbox.demoTenantId,
    organisation: 'XTiger Demo Company',
    tokens: {
      accessToken: () => Promise.resolve(token),
      renewAfterRejection: () => {
        token = sandbox.issueTokenSet().access_token;
        return Promise.resolve(token);
      },
    },
  });
}

export async function startSyncHarness(options: { db?: SampleDatabase; contract?: 'enforce' | 'off' } = {}): Promise<SyncHarness> {
  const clock = createVirtualClock(Math.ceil(Date.now() / 1000) * 1000);
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await createSampleDatabase({ migrate: true, installModules: true }));
  const sandbox = await startXeroSandbox({ clock, contract: options.contract ?? 'enforce' });
  const double = await startVtigerWebserviceDouble({ knex: db.knex, now: () => vtigerTime(clock.now()) });
  const governor = new XeroRateGovernor(clock);
  return {
    db,
    sandbox,
    double,
    clock,
    tenantId: sandbox.demoTenantId,
    deps: async (opts) => ({
      knex: db.knex,
      xero: sandboxXeroApi(sandbox, clock, governor),
      vtiger: await createVtigerWebserviceClient({ knex: db.knex, url: double.url, userName: 'admin', sessions: 4 }),
      clock,
      options: { vtigerSettleSeconds: 0, ...opts },
    }),
    close: async () => {
      await double.close();
      await sandbox.close();
      if (ownsDb) await db.drop();
    },
  };
}

/** Row counts of XTiger's bookkeeping, for "nothing changed" assertions. */
export async function bookkeeping(knex: Knex): Promise<{ links: number; xtlog: number; xtqueue: number; checkpoints: string }> {
  const n = async (table: string): Promise<number> => Number(((await knex(table).count({ n: '*' })) as Array<{ n: number }>)[0]?.n ?? 0);
  const cps = (await knex('xtiger_checkpoints').orderBy(['pair', 'side']).select('pair', 'side', 'cursor')) as Array<{ pair: string; side: string; cursor: string }>;
  return { links: await n('xtiger_links'), xtlog: await n('vtiger_xtlog'), xtqueue: await n('vtiger_xtqueue'), checkpoints: JSON.stringify(cps) };
}

/** Forgets every sync state (links, checkpoints, settings, mappings, Xero Information block) for a new scenario. */
export async function resetSyncState(knex: Knex): Promise<void> {
  for (const table of ['xtiger_links', 'xtiger_checkpoints', 'xtiger_sync_settings', 'xtiger_sync_mappings']) await knex(table).delete();
  for (const table of ['vtiger_contactscf', 'vtiger_accountscf', 'vtiger_productcf', 'vtiger_servicecf']) {
    await knex(table).update({ xt_xero_id: null, xt_sync_status: null, xt_last_sync: null, xt_allow_sync: '0' });
  }
}

import { createSampleDatabase, type SampleDatabase } from '../../../testing/sampleDatabase.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../../../testing/vtigerWebserviceDouble/index.js';
import { createVtigerWebserviceClient, type VtigerWebserviceClient } from '../../../vtiger/webservice/VtigerWebserviceClient.js';
import type { XeroAccountingApi } from '../../../xero/api/XeroAccountingApi.js';
import type { XeroRateGovernor } from '../../../xero/api/XeroRateGovernor.js';
import { createVirtualClock, type SandboxClock } from '../../../xeroSandbox/clock.js';
import { startXeroSandbox, type XeroSandbox, type XeroSandboxOptions } from '../../../xeroSandbox/sandbox.js';
import { runSync } from '../../run/runSync.js';
import type { InvoiceSyncDeps } from '../syncInvoicesToXero.js';
import { sandboxXeroApi } from './sandboxXeroApi.js';

/**
 * Everything the invoice sync runs against, for integration tests, the demo and the benchmark: a fresh copy of
 * the Vtiger 8.2 sample database with XTiger's modules, the Vtiger webservice double writing to it as Vtiger does,
 * the Xero sandbox (contract-checked), and XTiger's own Xero API and webservice clients. Contacts and items that
 * invoices need are synced by the real contacts/items run (`runSync`).
 */
export interface InvoiceHarness {
  db: SampleDatabase;
  sandbox: XeroSandbox;
  clock: SandboxClock;
  xero: XeroAccountingApi;
  governor: XeroRateGovernor;
  vtigerDouble: VtigerWebserviceDouble;
  vtiger: VtigerWebserviceClient;
  deps: InvoiceSyncDeps & { vtiger: VtigerWebserviceClient };
  close(): Promise<void>;
}

export async function startInvoiceHarness(options: { sandbox?: XeroSandboxOptions; dbName?: string } = {}): Promise<InvoiceHarness> {
  const clock = options.sandbox?.clock ?? createVirtualClock();
  const db = await createSampleDatabase({ migrate: true, installModules: true, ...(options.dbName ? { name: options.dbName } : {}) });
  const sandbox = await startXeroSandbox({ clock, ...options.sandbox });
  const vtigerDouble = await startVtigerWebserviceDouble({ knex: db.knex });
  const vtiger = await createVtigerWebserviceClient({ knex: db.knex, url: vtigerDouble.url, userName: 'admin', sessions: 4 });
  const { api: xero, governor } = sandboxXeroApi(sandbox, clock);
  const deps: InvoiceHarness['deps'] = {
    knex: db.knex,
    xero,
    vtiger,
    clock,
    syncPrerequisites: async (ids) => {
      await runSync({ knex: db.knex, xero, vtiger, clock }, { ids, trigger: 'instant' });
    },
  };
  return {
    db, sandbox, clock, xero, governor, vtigerDouble, vtiger, deps,
    close: async () => {
      await vtigerDouble.close();
      await sandbox.close();
      await db.drop();
    },
  };
}

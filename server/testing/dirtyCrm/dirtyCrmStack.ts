import { loadConfig } from '../../config/config.js';
import { runScheduledSync, type ScheduledSyncOutcome } from '../../schedule/scheduledSync.js';
import { syncRunContextFor, type SyncRunContext } from '../../syncRuns/startSyncRun.js';
import { createVtigerWebserviceClient, type VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import { connectAsAdmin } from '../../xero/testing/adminBrowser.js';
import { startXeroSandbox, type XeroSandbox } from '../../xeroSandbox/index.js';
import { localStackEnv } from '../localStackEnv.js';
import { createSampleDatabase, type SampleDatabase } from '../sampleDatabase.js';
import { startTestApp, type TestApp } from '../startTestApp.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../vtigerWebserviceDouble/index.js';
import type { CorpusModule } from './corpus.js';
import { startFaultyVtigerProxy, type FaultyVtigerProxy } from './faultyVtigerProxy.js';
import { corpusWriter, type CorpusWriter } from './writeCorpus.js';

/**
 * Where the dirty CRM lives: a copy of the sample database with XTiger installed, the webservice double on it, the
 * faulty proxy in front of the double (the backend's VTIGER_URL, faults not armed yet), the Xero sandbox, and the
 * real backend connected to Xero through the real OAuth flow. `writer` writes corpus records through the double;
 * `vtiger` is a user's webservice session (for the fixes), straight to the double. `syncNow(module, ids)` is the
 * "sync now" of Vtiger's pages (POST /api/sync as the admin); `scheduledRun()` one tick of the schedule's entry point.
 */
export interface DirtyCrmStack {
  db: SampleDatabase;
  sandbox: XeroSandbox;
  double: VtigerWebserviceDouble;
  proxy: FaultyVtigerProxy;
  app: TestApp;
  writer: CorpusWriter;
  vtiger: VtigerWebserviceClient;
  syncNow(module: CorpusModule, ids: number[]): Promise<unknown>;
  scheduledRun(): Promise<ScheduledSyncOutcome>;
  close(): Promise<void>;
}

/** Vtiger leaves records saved in the last second for the next run (same-second keyset gap): wait that out. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1_500));

export async function startDirtyCrmStack(): Promise<DirtyCrmStack> {
  const sandbox = await startXeroSandbox({ limits: { perMinute: 100_000, perDay: 1_000_000 } });
  const db = await createSampleDatabase({ migrate: true, installModules: true });
  const double = await startVtigerWebserviceDouble({ knex: db.knex });
  const writer = await corpusWriter({ knex: db.knex, webserviceUrl: double.url });
  const vtiger = await createVtigerWebserviceClient({ knex: db.knex, url: double.url, userName: 'admin' });
  const proxy = await startFaultyVtigerProxy(double.url, { deleteRecord: (id) => vtiger.delete(id) });
  const config = loadConfig(localStackEnv({ db, vtigerUrl: proxy.url, xeroUrl: sandbox.url }));
  const app = await startTestApp(db, { config });
  const adminToken = await app.tokenFor({ userId: 1, isAdmin: true });
  const saved = await fetch(`${app.url}/api/xero/api-details`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret }),
  });
  if (saved.status !== 200) throw new Error(`saving API details answered ${saved.status}: ${await saved.text()}`);
  const connected = await connectAsAdmin({ backendUrl: app.url, adminToken });
  if (connected.finalUrl.searchParams.get('xero') !== 'connected') throw new Error(`connect ended with ${connected.finalUrl.toString()}`);
  let ctx: SyncRunContext | undefined;
  return {
    db, sandbox, double, proxy, app, writer, vtiger,
    syncNow: async (module, ids) => {
      await settle();
      const res = await fetch(`${app.url}/api/sync`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ module, ids }) });
      if (res.status !== 200 && res.status !== 202) throw new Error(`sync now answered ${res.status}: ${await res.text()}`);
      const started = (await res.json()) as { state?: string; statusUrl?: string };
      if (started.statusUrl === undefined) return started;
      // The run goes on in the backend: follow it, as Vtiger's page does, until it is done.
      for (let i = 0; i < 600; i++) {
        const status = (await (await fetch(`${app.url}${started.statusUrl}`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { state?: string };
        if (status.state === 'done') return status;
        if (status.state === 'failed') throw new Error(`sync now failed: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error('sync now did not finish within 2 minutes');
    },
    scheduledRun: async () => {
      ctx ??= await syncRunContextFor(app.deps);
      await settle();
      return runScheduledSync(ctx, { budgetMs: 15 * 60_000 });
    },
    close: async () => {
      await app.close();
      await proxy.close();
      await double.close();
      await sandbox.close();
      await db.drop();
    },
  };
}

import { loadConfig, type XTigerConfig } from '../../config/config.js';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { startTestApp, type TestApp } from '../../testing/startTestApp.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../../testing/vtigerWebserviceDouble/index.js';
import { connectAsAdmin } from '../../xero/testing/adminBrowser.js';
import { startXeroSandbox, type XeroSandbox, type XeroSandboxOptions } from '../../xeroSandbox/index.js';
import { expectNoContractViolations } from '../../xeroSandbox/testing/useXeroSandbox.js';
import { localStackEnv } from '../../testing/localStackEnv.js';
import { syncRunSchema, syncStartedSchema, type SyncNowResult } from '../../http/contracts/sync.js';

/**
 * For tests of the entry points: a copy of the sample database with XTiger's modules installed, the Vtiger
 * webservice double on it, the Xero sandbox, and the real backend app; `connect()` stores the sandbox demo app
 * as API details and goes through the real OAuth flow. `env` is what a child process (the CLI) needs to reach
 * all of it — the same settings, including the encryption key the stored tokens were sealed with.
 */
export interface ConnectedBackend {
  db: SampleDatabase;
  sandbox: XeroSandbox;
  double: VtigerWebserviceDouble;
  app: TestApp;
  config: XTigerConfig;
  env: Record<string, string>;
  adminToken: string;
  connect(): Promise<void>;
  close(): Promise<void>;
}

export async function startConnectedBackend(options: { sandbox?: XeroSandboxOptions } = {}): Promise<ConnectedBackend> {
  const sandbox = await startXeroSandbox(options.sandbox);
  const db = await createSampleDatabase({ migrate: true, installModules: true });
  const double = await startVtigerWebserviceDouble({ knex: db.knex });
  const env = localStackEnv({ db, vtigerUrl: double.url, xeroUrl: sandbox.url });
  const config = loadConfig(env);
  const app = await startTestApp(db, { config });
  const adminToken = await app.tokenFor({ userId: 1, isAdmin: true });
  return {
    db,
    sandbox,
    double,
    app,
    config,
    env,
    adminToken,
    async connect() {
      const saved = await fetch(`${app.url}/api/xero/api-details`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret }),
      });
      if (saved.status !== 200) throw new Error(`saving API details answered ${saved.status}: ${await saved.text()}`);
      const run = await connectAsAdmin({ backendUrl: app.url, adminToken });
      if (run.finalUrl.searchParams.get('xero') !== 'connected') throw new Error(`connect ended with ${run.finalUrl.toString()}`);
    },
    async close() {
      try {
        expectNoContractViolations(sandbox);
      } finally {
        await app.close();
        await double.close();
        await sandbox.close();
        await db.drop();
      }
    },
  };
}

/** Contacts and items in the sandbox's demo organisation (for "created once each" checks). */
export function xeroCounts(sandbox: XeroSandbox): { contacts: number; items: number; contactNumbers: string[] } {
  const org = sandbox.org(sandbox.demoTenantId);
  return { contacts: org.contacts.size, items: org.items.size, contactNumbers: org.contacts.all().map((c) => c.ContactNumber ?? '') };
}

/** A JSON call to the backend as a bearer of `token` (default: the admin's), answering the status and the body. */
export async function callApi(b: Pick<ConnectedBackend, 'app' | 'adminToken'>, method: string, path: string, body?: unknown, token = b.adminToken): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${b.app.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** "Sync now" through the API (202 + run id), followed to its end: the run's result; a refused start or a failed run throws. */
export async function syncNowAndWait(b: Pick<ConnectedBackend, 'app' | 'adminToken'>, body: unknown, token?: string): Promise<SyncNowResult> {
  const started = await callApi(b, 'POST', '/api/sync', body, token);
  if (started.status !== 202) throw new Error(`POST /api/sync answered ${started.status}: ${JSON.stringify(started.json)}`);
  const { runId } = syncStartedSchema.parse(started.json);
  for (;;) {
    const run = syncRunSchema.parse((await callApi(b, 'GET', `/api/sync/runs/${runId}`, undefined, token)).json);
    if (run.state === 'failed') throw new Error(JSON.stringify(run.error));
    if (run.state === 'done' && run.result) return run.result;
    await new Promise((r) => setTimeout(r, 100));
  }
}

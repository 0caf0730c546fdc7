/**
 * `npm run bench -- webhook`: how fast changes cross over without waiting for the schedule, with the backend's own
 * jobs at their production settings, the Xero sandbox at Xero's rate limits (60 calls a minute, 5 at once, real
 * clock) and the Vtiger webservice double on the sample database.
 *   webhook_to_vtiger_ms    median / p95 — a contact renamed in the sandbox → its signed webhook → the backend
 *                           (signature, stored event) → the debounced webhook job (1 s poll, 1 s quiet) → sync run
 *                           → the Vtiger write (seen in the database)
 *   vtiger_edit_to_xero_ms  median / p95 — an organization saved through Vtiger's webservice → the edit watch (5 s
 *                           poll, 2 s settle) → sync run → the Xero write (seen in the sandbox)
 *   report_ms               one report pass for a run of 10,000 XTLog lines (1,000 failed, 500 waiting): read,
 *                           render HTML + text, send over SMTP to a local server, mark the 1,500 lines Sent
 */
import { createSecretBox } from '../../server/crypto/secretBox.js';
import { runReportPass } from '../../server/reports/reportMailer.js';
import { startSmtpCatcher } from '../../server/reports/testing/smtpCatcher.js';
import { startVtigerEditWatch } from '../../server/schedule/vtigerEditWatch.js';
import { saveNotificationSettings } from '../../server/settings/notificationSettings.js';
import { startSyncRun, syncRunContextFor } from '../../server/syncRuns/startSyncRun.js';
import { recordRunFinished, recordRunStarted } from '../../server/syncRuns/syncRunsRepository.js';
import { loadConfig } from '../../server/config/config.js';
import { localStackEnv } from '../../server/testing/localStackEnv.js';
import { createSampleDatabase } from '../../server/testing/sampleDatabase.js';
import { startTestApp } from '../../server/testing/startTestApp.js';
import { startVtigerWebserviceDouble } from '../../server/testing/vtigerWebserviceDouble/index.js';
import { connectAsAdmin } from '../../server/xero/testing/adminBrowser.js';
import { startXeroSandbox } from '../../server/xeroSandbox/index.js';
import { writeXTLogEntries, type XTLogEntry } from '../../server/vtiger/ownModules/xtLog.js';
import { createVtigerWebserviceClient, WebserviceIds } from '../../server/vtiger/webservice/index.js';
import { saveWebhookKey } from '../../server/webhooks/webhookKey.js';
import { startWebhookSync } from '../../server/webhooks/webhookSync.js';
import { peakRssMb, type BenchFigures } from './results.js';

const WEBHOOK_SAMPLES = 12;
const EDIT_SAMPLES = 8;
const LOG_LINES = 10_000;
const KEY = 'YmVuY2ggd2ViaG9vayBrZXk=';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function until(what: string, probe: () => Promise<boolean> | boolean, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sample database + webservice double + sandbox + the real app, connected through the real OAuth flow. */
async function startBackend() {
  const sandbox = await startXeroSandbox({ contract: 'off' });
  const db = await createSampleDatabase({ migrate: true, installModules: true });
  const double = await startVtigerWebserviceDouble({ knex: db.knex });
  const env = localStackEnv({ db, vtigerUrl: double.url, xeroUrl: sandbox.url });
  const config = loadConfig(env);
  const app = await startTestApp(db, { config });
  const adminToken = await app.tokenFor({ userId: 1, isAdmin: true });
  const saved = await fetch(`${app.url}/api/xero/api-details`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret }),
  });
  if (saved.status !== 200) throw new Error(`saving API details answered ${saved.status}`);
  await connectAsAdmin({ backendUrl: app.url, adminToken });
  return {
    db, sandbox, app, config, env,
    async close() {
      await app.close();
      await double.close();
      await sandbox.close();
      await db.drop();
    },
  };
}

export async function run(): Promise<BenchFigures> {
  const b = await startBackend();
  const deps = b.app.deps;
  try {
    const ctx = () => syncRunContextFor(deps);
    await startSyncRun(await ctx(), { request: { trigger: 'instant', modules: ['accounts', 'contacts'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
    const box = createSecretBox(Buffer.from(b.env['XTIGER_ENCRYPTION_KEY'] ?? '', 'base64'));
    await saveWebhookKey(b.db.knex, box, KEY);
    b.sandbox.webhooks.subscribe({ url: `${b.app.url}/webhooks/xero`, key: KEY });
    const webhookJob = startWebhookSync(deps, ctx);
    const watch = startVtigerEditWatch(deps, ctx);
    const links = (await b.db.knex('xtiger_links').where({ pair: 'accounts', xero_kind: 'contact' }).orderBy('crmid').select('crmid', 'xero_id')) as Array<{ crmid: number; xero_id: string }>;
    const org = b.sandbox.org(b.sandbox.demoTenantId);
    const calls0 = b.sandbox.stats().calls;
    const t0 = Date.now();

    const webhookMs: number[] = [];
    for (let i = 0; i < WEBHOOK_SAMPLES; i++) {
      const link = links[i % links.length];
      if (!link) throw new Error('no linked organization');
      const name = `Xero rename ${i} ${Date.now()}`;
      const start = Date.now();
      org.contacts.add({ ContactID: link.xero_id, Name: name });
      await until('the rename in Vtiger', async () => ((await b.db.knex('vtiger_account').where({ accountid: link.crmid }).first('accountname')) as { accountname: string }).accountname === name);
      webhookMs.push(Date.now() - start);
      console.log(`  webhook ${i + 1}/${WEBHOOK_SAMPLES}: ${webhookMs[i]} ms`);
      await sleep(1500);
    }

    const vtiger = await createVtigerWebserviceClient({ knex: b.db.knex, url: b.config.VTIGER_URL, userName: 'admin' });
    const ids = await WebserviceIds.load(b.db.knex);
    const editMs: number[] = [];
    for (let i = 0; i < EDIT_SAMPLES; i++) {
      const link = links[i % links.length];
      if (!link) throw new Error('no linked organization');
      const name = `Vtiger edit ${i} ${Date.now()}`;
      const start = Date.now();
      await vtiger.revise({ id: ids.toWsId('Accounts', link.crmid), accountname: name });
      await until('the edit in Xero', () => org.contacts.get(link.xero_id)?.Name === name);
      editMs.push(Date.now() - start);
      console.log(`  Vtiger edit ${i + 1}/${EDIT_SAMPLES}: ${editMs[i]} ms`);
      await sleep(11_000);
    }
    const minutes = (Date.now() - t0) / 60_000;
    const calls = b.sandbox.stats().calls - calls0;
    await webhookJob.stop();
    await watch.stop();

    // A report of 10,000 log lines.
    const smtp = await startSmtpCatcher();
    let reportMs = 0;
    try {
      await saveNotificationSettings(b.db.knex, box, { recipients: ['ops@example.com'], frequency: 'each_sync', language: 'en_us', smtp: { source: 'own', host: '127.0.0.1', port: smtp.port, secure: false, fromEmail: 'xtiger@example.com' } });
      const mailer = { knex: b.db.knex, logger: deps.logger, box, vtigerUrl: b.config.VTIGER_URL, mailFrom: 'xtiger@localhost', syncUserName: 'admin' };
      await runReportPass(mailer);
      const runId = `bench-report-${Date.now()}`;
      const row = await recordRunStarted(b.db.knex, { trigger: 'instant', entryPoint: 'cli', dryRun: false, request: { modules: null, direction: null, idCount: 0 }, at: new Date() });
      const modules = ['Accounts', 'Contacts', 'Products', 'Services', 'Invoice'] as const;
      for (let i = 0; i < LOG_LINES; i += 1000) {
        const batch: XTLogEntry[] = [];
        for (let j = i; j < i + 1000; j++) {
          const status = j % 10 === 0 ? 'Failed' : j % 20 === 1 ? 'Conflict' : 'Success';
          batch.push({
            module: modules[j % modules.length] ?? 'Contacts', relatedTo: null, xeroId: `bench-${j}`, direction: j % 2 ? 'Vtiger to Xero' : 'Xero to Vtiger', action: j % 3 ? 'Update' : 'Create', status,
            message: status === 'Success' ? 'Synced.' : `Record ${j}: Xero refused <the "value"> & more`, runId, trigger: 'Scheduled', startedAt: new Date(), ownerId: 1, emailStatus: status === 'Success' ? 'Not required' : 'Pending',
          });
        }
        await writeXTLogEntries(b.db.knex, batch);
      }
      await recordRunFinished(b.db.knex, row, { runId, pairs: {} }, new Date());
      const r0 = performance.now();
      const pass = await runReportPass(mailer);
      reportMs = Math.round(performance.now() - r0);
      if (pass?.sent !== 1 || smtp.mails.length !== 1) throw new Error(`the report was not sent: ${JSON.stringify(pass)}`);
      console.log(`  report of ${LOG_LINES} lines: ${reportMs} ms, ${smtp.mails[0]?.raw.length ?? 0} bytes of mail`);
    } finally {
      await smtp.close();
    }

    return {
      webhook_to_vtiger_ms: { median: percentile(webhookMs, 50), p95: percentile(webhookMs, 95) },
      vtiger_edit_to_xero_ms: { median: percentile(editMs, 50), p95: percentile(editMs, 95) },
      webhook_samples: WEBHOOK_SAMPLES,
      vtiger_edit_samples: EDIT_SAMPLES,
      webhook_bench_xero_calls_per_minute: Math.round((calls / minutes) * 10) / 10,
      webhook_bench_xero_429: b.sandbox.stats().rejected429,
      report_ms: reportMs,
      report_log_lines: LOG_LINES,
      webhook_bench_peak_rss_mb: await peakRssMb(),
    };
  } finally {
    b.sandbox.webhooks.close();
    await b.close();
  }
}

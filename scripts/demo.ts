/**
 * `npm run demo` — XTiger end to end on this machine, with nothing but MariaDB running:
 *   1. starts the Xero sandbox in-process (OAuth + accounting API, one demo organisation, one demo app), where the
 *      organisation's bookkeeper has already entered two contacts, two items and an invoice of their own;
 *   2. loads the Vtiger 8.2 sample database into the demo database (default `xtiger_demo`, recreated every run)
 *      with XTiger's four Vtiger modules installed by the test installer;
 *   3. starts the Vtiger webservice double on it (there is no PHP Vtiger here: the double answers
 *      webservice.php and writes the demo database the way Vtiger does);
 *   4. starts the XTiger backend, saves the sandbox demo app's client id and secret as the API details, and
 *      connects through the real OAuth flow (start → Xero's consent page → Allow → callback.php → backend);
 *   5. runs a full two-way sync (the four module pairs, then the chart of accounts and the invoices, both ways):
 *      records on both sides are matched, Xero's own come into Vtiger, Vtiger's go to Xero; prints the summary and
 *      the invoice totals side by side;
 *   6. records a payment in Xero and syncs again: the payment comes back to the Vtiger invoice;
 *   7. a last run that finds nothing to do.
 * Settings: XTIGER_DEMO_DB (database name), MariaDB at XTIGER_TEST_DB_HOST/PORT/USER/PASSWORD (127.0.0.1:3306 root).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { formatSummaryTable } from '../server/cli/summaryTable.js';
import { createProgressReporter } from '../server/cli/progressBar.js';
import { loadConfig } from '../server/config/config.js';
import { isXTigerError } from '../server/errors/XTigerError.js';
import { createApp } from '../server/http/app.js';
import type { AppDeps } from '../server/http/appDeps.js';
import { readBridgeSecret, signBridgeToken } from '../server/http/auth/bridgeToken.js';
import { createLogger } from '../server/logging/logger.js';
import { redactText } from '../server/logging/redact.js';
import { SAMPLE_INVOICE_IDS } from '../server/sync/invoices/syncAndCompare.js';
import { formatTotalsTable, invoiceTotalsSideBySide } from '../server/sync/invoices/totalsSideBySide.js';
import type { RunSummary } from '../server/sync/run/types.js';
import { startSyncRun, syncRunContextFor } from '../server/syncRuns/startSyncRun.js';
import { createSampleDatabase, type SampleDatabase } from '../server/testing/sampleDatabase.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../server/testing/vtigerWebserviceDouble/index.js';
import { openXeroAccountingApi } from '../server/xero/openXeroAccountingApi.js';
import { connectAsAdmin } from '../server/xero/testing/adminBrowser.js';
import { startXeroSandbox, type XeroSandbox } from '../server/xeroSandbox/index.js';
import { localStackEnv } from '../server/testing/localStackEnv.js';
import { testServerSettings } from '../server/testing/mariadbServer.js';
import { saveInvoiceSyncSettings } from '../server/sync/invoices/invoiceSettings.js';
import { enterXeroBookkeeping, recordXeroPayment, XERO_OWN } from './demo/xeroBookkeeping.js';

const DEMO_DB = process.env['XTIGER_DEMO_DB'] ?? 'xtiger_demo';

const say = (text = ''): void => void process.stdout.write(`${text}\n`);
const startedAt = Date.now();
/** Seconds since the demo started, for each step's line. */
const elapsed = (): string => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const cleanup: Array<() => Promise<unknown>> = [];
  try {
    say('XTiger demo: two-way sync between the Vtiger 8.2 sample CRM and a local Xero sandbox');
    say();
    const sandbox: XeroSandbox = await startXeroSandbox();
    cleanup.push(() => sandbox.close());
    const org = sandbox.org(sandbox.demoTenantId);
    await enterXeroBookkeeping(sandbox);
    say(`1. Xero sandbox on ${sandbox.url}: organisation "${org.organisation.Name}", where the bookkeeper has entered`);
    say(`   ${org.contacts.size} contacts (${XERO_OWN.matchedContact}, also in Vtiger; ${XERO_OWN.xeroOnlyContact}), ${org.items.size} items (${XERO_OWN.matchedItemCode}, also in Vtiger; ${XERO_OWN.xeroOnlyItemCode})`);
    say(`   and ${org.invoices.size} invoice of their own [${elapsed()}]`);

    const db: SampleDatabase = await createSampleDatabase({ name: DEMO_DB, migrate: true, installModules: true });
    cleanup.push(() => db.knex.destroy());
    say(`2. Vtiger database "${db.name}" on ${db.settings.host}:${db.settings.port}: the Vtiger 8.2.0 sample data, XTiger, XTLog, XTQueue`);
    say(`   and XeroAccounts installed by the test installer (as Module Manager would), XTiger tables migrated [${elapsed()}]`);

    const double: VtigerWebserviceDouble = await startVtigerWebserviceDouble({ knex: db.knex });
    cleanup.push(() => double.close());
    say(`3. Vtiger webservice double on ${double.url}/webservice.php: no PHP Vtiger runs here; the double`);
    say('   answers webservice.php and writes the demo database the way Vtiger 8.2 does');

    // A throw-away key for this run's encrypted secrets (no key file is written).
    const config = loadConfig(localStackEnv({ db, vtigerUrl: double.url, xeroUrl: sandbox.url }));
    const deps: AppDeps = { config, knex: db.knex, logger: createLogger({ level: process.env['XTIGER_LOG_LEVEL'] ?? 'warn' }), now: () => Date.now() };
    const app = createApp(deps);
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The token Vtiger's PHP side would hand the admin (user 1) in the browser.
    const iat = Math.floor(Date.now() / 1000);
    const adminToken = signBridgeToken(await readBridgeSecret(db.knex), { uid: 1, adm: true, lang: 'en_us', iat, exp: iat + 600 });
    const saved = await fetch(`${backendUrl}/api/xero/api-details`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret }),
    });
    if (saved.status !== 200) throw new Error(`saving the API details answered ${saved.status}: ${await saved.text()}`);
    const { redirectUri } = (await saved.json()) as { redirectUri: string };
    say(`4. XTiger backend on ${backendUrl}; API details saved (the sandbox's demo app), redirect URL ${redirectUri} [${elapsed()}]`);

    const connected = await connectAsAdmin({ backendUrl, adminToken });
    const result = connected.finalUrl.searchParams.get('xero');
    if (result !== 'connected') throw new Error(`connecting to Xero ended with "${result}" (${connected.finalUrl.searchParams.get('reason') ?? 'no reason'})`);
    say(`5. Connected to Xero through the OAuth flow: start → consent page → Allow → callback.php → backend (${result}) [${elapsed()}]`);

    // What the admin chooses on Sync Settings → Invoices: Xero's invoices come into Vtiger too.
    await saveInvoiceSyncSettings(db.knex, { direction: 'both', receiptBankAccount: '090' });
    const ctx = await syncRunContextFor(deps);
    const run = (): Promise<RunSummary> => {
      const bar = createProgressReporter(process.stderr);
      return startSyncRun(ctx, { request: { trigger: 'instant' }, entryPoint: 'demo', lockWaitSeconds: 30, onProgress: (p) => bar.update(p) }).finally(() => bar.finish());
    };
    say();
    say('6. First sync: all four module pairs, both directions, then the chart of accounts and the invoices both ways');
    const first = await run();
    say(`Run ${first.runId}, ${seconds(first)} s`);
    say(formatSummaryTable(first));
    const persons = org.contacts.all().reduce((n, c) => n + ((c as { ContactPersons?: unknown[] }).ContactPersons?.length ?? 0), 0);
    say(`Xero now holds ${org.contacts.size} contacts (organizations, and contacts without one) with ${persons} contact persons (contacts of an organization), and ${org.items.size} items.`);
    const fromXero = await xeroOwnInVtiger(db);
    say(`Vtiger now holds Xero's own records: organization "${fromXero.organization}", product "${fromXero.product}", invoice "${fromXero.invoice}".`);
    say();
    say('Invoice totals, Vtiger and Xero side by side (Xero\'s read back from Xero):');
    say(formatTotalsTable(await invoiceTotalsSideBySide({ knex: db.knex, xero: await openXeroAccountingApi(ctx.xero) }, SAMPLE_INVOICE_IDS)));
    for (const r of first.records.filter((x) => x.pair === 'invoices' && x.outcome === 'failed')) say(`  ${r.message}`);
    say();
    await recordXeroPayment(sandbox, 'INV2', 286.07);
    say('7. In Xero, the bookkeeper records a payment of 286.07 for INV2 (sent, so approved in Xero); the next sync brings it back');
    const second = await run();
    say(`Run ${second.runId}, ${seconds(second)} s`);
    say(formatSummaryTable(second));
    const inv2 = (await db.knex('vtiger_invoice').where({ invoice_no: 'INV2' }).first('invoicestatus', 'received', 'balance')) as { invoicestatus: string; received: string; balance: string };
    say(`INV2 in Vtiger: status ${inv2.invoicestatus}, received ${Number(inv2.received).toFixed(2)}, balance ${Number(inv2.balance).toFixed(2)}.`);
    say();
    say('8. Last sync: nothing changed on either side, so nothing is written');
    const writesBefore = sandbox.stats().writes;
    const vtigerWritesBefore = double.calls.filter((c) => c.operation === 'create' || c.operation === 'update' || c.operation === 'revise').length;
    const third = await run();
    say(`Run ${third.runId}, ${seconds(third)} s`);
    say(formatSummaryTable(third));
    const xeroWrites = sandbox.stats().writes - writesBefore;
    const vtigerWrites = double.calls.filter((c) => c.operation === 'create' || c.operation === 'update' || c.operation === 'revise').length - vtigerWritesBefore;
    say(`Writes in the last run: ${xeroWrites} to Xero, ${vtigerWrites} to Vtiger.`);
    say();
    say(`Done. The demo database "${db.name}" is left in place to look at (XTLog rows are in vtiger_xtlog);`);
    say(`the next \`npm run demo\` recreates it. README.md says how to point XTiger at a real Vtiger and a real Xero. [${elapsed()}]`);
  } finally {
    for (const close of cleanup.reverse()) await close().catch(() => undefined);
  }
}

/** The records that came from Xero: found by the names the bookkeeper gave them. */
async function xeroOwnInVtiger(db: SampleDatabase): Promise<{ organization: string; product: string; invoice: string }> {
  const org = (await db.knex('vtiger_account').where({ accountname: XERO_OWN.xeroOnlyContact }).first('account_no')) as { account_no: string } | undefined;
  const product = (await db.knex('vtiger_products').where({ productcode: XERO_OWN.xeroOnlyItemCode }).first('product_no')) as { product_no: string } | undefined;
  const invoice = (await db.knex('vtiger_invoice').where({ subject: XERO_OWN.xeroOnlyInvoiceReference }).first('invoice_no')) as { invoice_no: string } | undefined;
  const missing = (what: string) => `(${what} not created)`;
  return {
    organization: org ? `${XERO_OWN.xeroOnlyContact} ${org.account_no}` : missing(XERO_OWN.xeroOnlyContact),
    product: product ? `${XERO_OWN.xeroOnlyItemCode} ${product.product_no}` : missing(XERO_OWN.xeroOnlyItemCode),
    invoice: invoice ? invoice.invoice_no : missing(XERO_OWN.xeroOnlyInvoiceReference),
  };
}

function seconds(s: RunSummary): string {
  return ((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const reason = isXTigerError(err) ? `${err.message} (${err.code})` : redactText(err instanceof Error ? err.message : String(err));
    console.error(`\nThe demo failed: ${reason}`);
    if (/ECONNREFUSED|connect ETIMEDOUT/.test(reason)) {
      const s = testServerSettings('');
      console.error(`Is MariaDB running on ${s.host}:${s.port} (user ${s.user}; XTIGER_TEST_DB_HOST/PORT/USER/PASSWORD)? See README.md.`);
    }
    process.exit(1);
  },
);

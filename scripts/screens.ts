/**
 * `npm run screens`: screenshots of XTiger's screens on the real Vtiger 8.2.0, in English and Japanese, into
 * docs/screens/ (PNG). The stack of the browser tests (widget/test/realVtiger/xtigerStack.ts): the zips installed
 * with Vtiger's package import, the backend, the Xero sandbox connected; a few records synced first (two of them refused for a shared Part
 * Number) so the dashboard and the record panel have something to show, and a webhook key saved so API Details shows it set.
 *
 * `npm run screens -- apiDetails fieldMapping-invoices-taxMap` takes only the named screenshots (file names without
 * the language), in both languages.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { connectToSandbox } from '../widget/test/realVtiger/connect.js';
import { settingsPage, startXTigerStack, type XTigerStack } from '../widget/test/realVtiger/xtigerStack.js';
import { REPO_ROOT } from './zip/modules.js';

const OUT = path.join(REPO_ROOT, 'docs/screens');
const SCREENS = ['apiDetails', 'fieldMapping', 'syncSettings', 'notifications', 'dashboard'] as const;
const OTHER_SHOTS = ['fieldMapping-invoices-taxMap', 'syncSettings-invoices', 'contact-detail-panel', 'invoice-detail', 'invoice-waiting', 'products-list-actions'] as const;
const ONLY = process.argv.slice(2);
const wanted = (name: string): boolean => ONLY.length === 0 || ONLY.includes(name);

/** A webhook key as the admin pastes it from Xero (write-only: the page shows only that one is set). */
async function saveWebhookKey(stack: XTigerStack): Promise<void> {
  const token = await stack.backend.tokenFor({ userId: 1, isAdmin: true });
  const res = await fetch(`${stack.backend.url}/api/xero/webhook-key`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ key: 'c2NyZWVuc2hvdCB3ZWJob29rIGtleSBmcm9tIFhlcm8=' }) });
  if (res.status !== 200) throw new Error(`webhook-key answered ${res.status}`);
}

/** "Sync now" as the admin's widget does it: starts the run, follows it to its end. */
async function syncNow(stack: XTigerStack, body: { module: string; ids: number[] }): Promise<void> {
  const token = await stack.backend.tokenFor({ userId: 1, isAdmin: true });
  const started = (await (await fetch(`${stack.backend.url}/api/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { statusUrl: string };
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const run = (await (await fetch(`${stack.backend.url}${started.statusUrl}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { state: string };
    if (run.state === 'done' || run.state === 'failed') return;
  }
}

async function syncSome(stack: XTigerStack): Promise<number> {
  const knex = stack.vtiger.database.knex;
  const products = (await knex('vtiger_products').orderBy('productid').limit(4).pluck('productid')) as number[];
  // Two products sharing a Part Number, as real CRMs have them: both are refused, so the dashboard lists failures.
  await knex('vtiger_products').whereIn('productid', products.slice(-2)).update({ productcode: 'DUP-777' });
  const contact = (await knex('vtiger_contactdetails').where((q) => q.whereNull('accountid').orWhere('accountid', 0)).orderBy('contactid').first('contactid')) as { contactid: number };
  await syncNow(stack, { module: 'Products', ids: products });
  await syncNow(stack, { module: 'Contacts', ids: [contact.contactid] });
  return contact.contactid;
}

/**
 * An invoice approved and sent to Xero (AUTHORISED there), then changed in Vtiger: Xero refuses edits to it, so the
 * change waits for the document to be voided — what its panel shows.
 */
async function lockedInvoice(stack: XTigerStack): Promise<number> {
  const knex = stack.vtiger.database.knex;
  const invoice = (await knex('vtiger_invoice').orderBy('invoiceid').first('invoiceid')) as { invoiceid: number }; // INV1: none of its items is refused
  await knex('vtiger_invoice').where('invoiceid', invoice.invoiceid).update({ invoicestatus: 'Approved' });
  await knex('vtiger_invoicecf').where('invoiceid', invoice.invoiceid).update({ xt_invoice_type: 'Sales Invoice' });
  await syncNow(stack, { module: 'Invoice', ids: [invoice.invoiceid] });
  await knex('vtiger_invoice').where('invoiceid', invoice.invoiceid).update({ duedate: '2024-04-15' }); // the due date moved after approval
  await knex('vtiger_crmentity').where('crmid', invoice.invoiceid).update({ modifiedtime: knex.raw('DATE_ADD(NOW(), INTERVAL 1 MINUTE)') });
  await syncNow(stack, { module: 'Invoice', ids: [invoice.invoiceid] });
  return invoice.invoiceid;
}

async function main(): Promise<void> {
  const unknown = ONLY.filter((n) => !([...SCREENS, ...OTHER_SHOTS] as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`no screenshot named ${unknown.join(', ')}; choose among ${[...SCREENS, ...OTHER_SHOTS].join(', ')}`);
  await mkdir(OUT, { recursive: true });
  const stack = await startXTigerStack();
  const written: string[] = [];
  try {
    await connectToSandbox(stack);
    const contactId = await syncSome(stack);
    const waitingInvoiceId = wanted('invoice-waiting') ? await lockedInvoice(stack) : 0;
    await saveWebhookKey(stack);
    const japanese = await stack.vtiger.createUser({ userName: 'hanako', isAdmin: true, language: 'ja_jp' });
    for (const [language, user] of [['en_us', undefined], ['ja_jp', japanese]] as const) {
      const tab = await stack.open(user);
      try {
        const { page } = tab;
        await page.setViewportSize({ width: 1280, height: 900 });
        const shot = async (name: string): Promise<void> => {
          const file = path.join(OUT, `${name}.${language}.png`);
          await page.screenshot({ path: file, fullPage: true });
          written.push(path.relative(REPO_ROOT, file));
        };
        for (const screen of SCREENS.filter(wanted)) {
          await page.goto(settingsPage(stack, screen));
          await page.locator(`[data-xtiger-screen="${screen}"][data-xtiger-ready]`).waitFor({ timeout: 30_000 });
          await page.waitForTimeout(300);
          await shot(screen);
        }
        if (wanted('fieldMapping-invoices-taxMap')) {
          await page.goto(`${settingsPage(stack, 'fieldMapping')}&mapModule=Invoice`);
          await page.locator('.xtiger-tax-map').waitFor({ timeout: 30_000 });
          await shot('fieldMapping-invoices-taxMap');
        }
        if (wanted('syncSettings-invoices')) {
          await page.goto(settingsPage(stack, 'syncSettings'));
          await page.locator('[data-xtiger-screen="syncSettings"][data-xtiger-ready]').waitFor({ timeout: 30_000 });
          await page.click('.xtiger-module-picker a[data-module="Invoice"]');
          await page.waitForTimeout(300);
          await shot('syncSettings-invoices');
        }
        if (wanted('invoice-detail')) {
          // The Xero information block of an invoice: its "Xero Invoice Type" shown with its own label.
          const invoiceId = (await stack.vtiger.database.knex('vtiger_invoice').orderBy('invoiceid').first('invoiceid')) as { invoiceid: number };
          // The sample's invoices predate XTiger (their type is empty, so they go as the default): this one says it.
          await stack.vtiger.database.knex('vtiger_invoicecf').where('invoiceid', invoiceId.invoiceid).update({ xt_invoice_type: 'Sales Invoice' });
          await page.goto(`${stack.vtiger.url}index.php?module=Invoice&view=Detail&record=${invoiceId.invoiceid}&mode=showDetailViewByMode&requestMode=full`);
          await page.locator('#xtiger-record-panel[data-xtiger-panel]').waitFor({ timeout: 30_000 });
          await page.waitForTimeout(300);
          await shot('invoice-detail');
        }
        if (wanted('invoice-waiting')) {
          await page.goto(`${stack.vtiger.url}index.php?module=Invoice&view=Detail&record=${waitingInvoiceId}`);
          await page.locator('#xtiger-record-panel[data-xtiger-panel]').waitFor({ timeout: 30_000 });
          await page.waitForTimeout(300);
          await shot('invoice-waiting');
        }
        if (wanted('contact-detail-panel')) {
          await page.goto(`${stack.vtiger.url}index.php?module=Contacts&view=Detail&record=${contactId}`);
          await page.locator('#xtiger-record-panel[data-xtiger-panel]').waitFor({ timeout: 30_000 });
          await shot('contact-detail-panel');
        }
        if (wanted('products-list-actions')) {
          await page.goto(`${stack.vtiger.url}index.php?module=Products&view=List`);
          await page.locator('input.listViewEntriesCheckBox').first().check();
          await page.click('.listViewMassActions .dropdown-toggle');
          await shot('products-list-actions');
        }
      } finally {
        await tab.close();
      }
    }
  } finally {
    await stack.stop();
  }
  console.log(written.join('\n'));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

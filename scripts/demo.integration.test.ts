import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVtigerKnex } from '../server/db/vtigerKnex.js';
import { parseSummaryTable } from '../server/cli/summaryTable.js';
import { testServerSettings } from '../server/testing/mariadbServer.js';
import { REPO_ROOT } from '../server/testing/paths.js';

/** `npm run demo` end to end, as a child process, into a database of its own. */
const database = `xt_test_${Math.floor(Date.now() / 1000)}_demo_${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  const admin = createVtigerKnex({ ...testServerSettings(''), database: undefined as unknown as string, poolMax: 1 });
  await admin.raw(`DROP DATABASE IF EXISTS \`${database}\``).finally(() => admin.destroy());
});

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/demo.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', XTIGER_DEMO_DB: database },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('connects through OAuth, matches and syncs both ways, brings a Xero payment back, then finds nothing to do', { timeout: 300_000 }, async () => {
    const r = await runDemo();
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/5\. Connected to Xero through the OAuth flow: .*\(connected\)/);
    const [beforePayment, afterPayment] = r.stdout.split('7. In Xero');
    const [paymentRun, lastRun] = (afterPayment ?? '').split('8. Last sync');
    const firstTable = parseSummaryTable(beforePayment ?? '');
    const paymentTable = parseSummaryTable(paymentRun ?? '');
    const lastTable = parseSummaryTable(lastRun ?? '');

    const knex = createVtigerKnex({ ...testServerSettings(database), poolMax: 1 });
    try {
      // Every record of the four modules was synced once in the first run: created on the other side, or (the
      // bookkeeper's Acme Corporation and WID-001, already on both sides) matched and updated — never both.
      const rows = (await knex('vtiger_crmentity').where({ deleted: 0 }).whereIn('setype', ['Accounts', 'Contacts', 'Products', 'Services']).groupBy('setype').select('setype', knex.raw('COUNT(*) AS n'))) as Array<{ setype: string; n: number }>;
      const label: Record<string, string> = { Accounts: 'Organizations', Contacts: 'Contacts', Products: 'Products', Services: 'Services' };
      expect(rows).toHaveLength(4);
      for (const { setype, n } of rows) {
        const first = firstTable[label[setype] ?? ''];
        expect(first, setype).toMatchObject({ skipped: 0, failed: 0, conflicts: 0 });
        expect((first?.created ?? 0) + (first?.updated ?? 0), setype).toBe(Number(n));
        expect(lastTable[label[setype] ?? ''], setype).toMatchObject({ created: 0, updated: 0, skipped: 0, failed: 0, conflicts: 0 });
      }
      expect(firstTable['Organizations']?.updated).toBe(1);
      expect(firstTable['Products']?.updated).toBe(1);
      const [links] = (await knex.raw("SELECT COUNT(*) AS n FROM xtiger_links WHERE pair IN ('contacts','accounts','products','services')")) as [[{ n: number }]];
      expect(Number(links[0].n)).toBe(rows.reduce((sum, row) => sum + Number(row.n), 0));
      // Xero's own records came into Vtiger once each; the payment entered in Xero reached INV2.
      expect(await knex('vtiger_account').where({ accountname: 'Wayne Enterprises' }).count({ n: '*' })).toEqual([{ n: 1 }]);
      expect(await knex('vtiger_account').where({ accountname: 'Acme Corporation' }).count({ n: '*' })).toEqual([{ n: 1 }]);
      expect(await knex('vtiger_products').where({ productcode: 'CONSULT-HR' }).count({ n: '*' })).toEqual([{ n: 1 }]);
      expect(await knex('vtiger_invoice').where({ subject: 'Entered in Xero' }).count({ n: '*' })).toEqual([{ n: 1 }]);
      const inv2 = (await knex('vtiger_invoice').where({ invoice_no: 'INV2' }).first('invoicestatus', 'balance')) as { invoicestatus: string; balance: string };
      expect([inv2.invoicestatus, Number(inv2.balance).toFixed(2)]).toEqual(['Paid', '0.00']);
    } finally {
      await knex.destroy();
    }
    // The three sample invoices went to Xero with equal totals, and the bookkeeper's invoice came to Vtiger.
    expect(firstTable['Invoices']).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
    expect(paymentTable['Invoices']).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect(lastTable['Invoices']).toMatchObject({ created: 0, updated: 0, skipped: 0, failed: 0, conflicts: 0 });
    const totals = (beforePayment ?? '').split('\n').flatMap((l) => {
      const m = /^(INV\d+)\s.*\s(\d+\.\d{2})\s+(\d+\.\d{2})\s+invoice\s.*\s([=≠])$/.exec(l);
      return m ? [[m[1], m[2], m[3], m[4]]] : [];
    });
    expect(totals).toEqual([
      ['INV1', '575.38', '575.38', '='],
      ['INV2', '286.07', '286.07', '='],
      ['INV3', '680.63', '680.63', '='],
    ]);
    expect(r.stdout).toContain('Writes in the last run: 0 to Xero, 0 to Vtiger.');
    expect(r.stdout).toMatch(/Xero now holds 5 contacts .* with 4 contact persons .*, and 6 items\./);
  });
});

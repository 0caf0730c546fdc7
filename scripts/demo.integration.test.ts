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
  it('connects through OAuth, syncs every sample record once, then finds nothing to do', { timeout: 300_000 }, async () => {
    const r = await runDemo();
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/5\. Connected to Xero through the OAuth flow: .*\(connected\)/);
    const [first, second] = r.stdout.split('7. Second sync');
    const firstTable = parseSummaryTable(first ?? '');
    const secondTable = parseSummaryTable(second ?? '');

    // What the demo database holds is what the first run must have created, module by module.
    const knex = createVtigerKnex({ ...testServerSettings(database), poolMax: 1 });
    try {
      const rows = (await knex('vtiger_crmentity').where({ deleted: 0 }).whereIn('setype', ['Accounts', 'Contacts', 'Products', 'Services']).groupBy('setype').select('setype', knex.raw('COUNT(*) AS n'))) as Array<{ setype: string; n: number }>;
      const label: Record<string, string> = { Accounts: 'Organizations', Contacts: 'Contacts', Products: 'Products', Services: 'Services' };
      expect(rows).toHaveLength(4);
      for (const { setype, n } of rows) {
        expect(firstTable[label[setype] ?? ''], setype).toEqual({ created: Number(n), updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
        expect(secondTable[label[setype] ?? ''], setype).toMatchObject({ created: 0, updated: 0, skipped: 0, failed: 0, conflicts: 0 });
      }
      const [links] = (await knex.raw('SELECT COUNT(*) AS n FROM xtiger_links')) as [[{ n: number }]];
      expect(Number(links[0].n)).toBe(rows.reduce((sum, row) => sum + Number(row.n), 0));
    } finally {
      await knex.destroy();
    }
    // The three sample invoices: created in Xero once, totals equal to the cent on both sides, unchanged after.
    expect(firstTable['Invoices']).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
    expect(secondTable['Invoices']).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 });
    const totals = (first ?? '').split('\n').flatMap((l) => {
      const m = /^(INV\d+)\s.*\s(\d+\.\d{2})\s+(\d+\.\d{2})\s+invoice\s.*\s([=≠])$/.exec(l);
      return m ? [[m[1], m[2], m[3], m[4]]] : [];
    });
    expect(totals).toEqual([
      ['INV1', '575.38', '575.38', '='],
      ['INV2', '286.07', '286.07', '='],
      ['INV3', '680.63', '680.63', '='],
    ]);
    expect(r.stdout).toContain('Writes in the second run: 0 to Xero, 0 to Vtiger.');
    expect(r.stdout).toMatch(/Xero now holds 4 contacts .* with 4 contact persons .*, and 5 items\./);
  });
});

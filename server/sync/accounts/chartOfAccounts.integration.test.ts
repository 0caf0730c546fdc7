import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { upsertXeroAccounts } from '../../vtiger/ownModules/xeroAccounts.js';
import { createVirtualClock } from '../../xeroSandbox/clock.js';
import { useXeroSandbox } from '../../xeroSandbox/testing/useXeroSandbox.js';
import { sandboxXeroApi } from '../invoices/testing/sandboxXeroApi.js';
import { readStoredAccounts } from './storedAccounts.js';
import { readSystemAccounts } from './systemAccounts.js';
import { syncChartOfAccounts } from './syncChartOfAccounts.js';

const ctx = useXeroSandbox({ clock: createVirtualClock() });
let db: SampleDatabase;

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true, installModules: true });
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe("Xero's chart of accounts in XeroAccounts", () => {
  it("holds the sandbox's chart, the archived account marked so, and the system accounts remembered", async () => {
    const { api } = sandboxXeroApi(ctx.sandbox);
    const result = await syncChartOfAccounts({ knex: db.knex, xero: api });
    const chart = ctx.sandbox.org(ctx.sandbox.demoTenantId).accounts.all();
    expect(result).toMatchObject({ created: chart.length, updated: 0, archivedMissing: 0 });
    const stored = await readStoredAccounts(db.knex);
    expect(stored.map((a) => [a.accountId, a.code, a.name, a.type, a.status]).sort()).toEqual(chart.map((a) => [a.AccountID, a.Code, a.Name, a.Type, a.Status]).sort());
    expect(stored.find((a) => a.code === '425')).toMatchObject({ name: 'Freight & Courier', status: 'ARCHIVED' });
    expect((await readSystemAccounts(db.knex))['ROUNDING']).toBe('860');
    const log = (await db.knex('vtiger_xtlog').where({ xtl_module: 'XeroAccounts' }).select('xtl_message', 'xtl_status')) as Array<{ xtl_message: string; xtl_status: string }>;
    expect(log).toEqual([{ xtl_status: 'Success', xtl_message: `Chart of accounts: ${chart.length} new, 0 changed, 1 archived, 0 unchanged.` }]);
  });

  it('stays current: new, changed, archived, and accounts gone from Xero', async () => {
    const { api } = sandboxXeroApi(ctx.sandbox);
    const accounts = ctx.sandbox.org(ctx.sandbox.demoTenantId).accounts;
    accounts.add({ Code: '455', Name: 'Software Subscriptions', Type: 'OVERHEADS' });
    accounts.put({ ...(accounts.byCode('200') ?? (undefined as never)), Name: 'Sales Revenue' });
    accounts.archive('469');
    // An account XeroAccounts knows that Xero no longer has (deleted there).
    await upsertXeroAccounts(db.knex, [{ accountId: '0f0f0f0f-0000-4000-8000-00000000dead', code: '999', name: 'Old Account', type: 'EXPENSE', status: 'ACTIVE', ownerId: 1 }], { actingUserId: 1 });

    const result = await syncChartOfAccounts({ knex: db.knex, xero: api });
    expect(result).toMatchObject({ created: 1, updated: 2, archivedMissing: 1 });
    const stored = new Map((await readStoredAccounts(db.knex)).map((a) => [a.code, a]));
    expect(stored.get('455')).toMatchObject({ name: 'Software Subscriptions', status: 'ACTIVE' });
    expect(stored.get('200')?.name).toBe('Sales Revenue');
    expect(stored.get('469')?.status).toBe('ARCHIVED');
    expect(stored.get('999')?.status).toBe('ARCHIVED');
    const lines = async () => Number(((await db.knex('vtiger_xtlog').where({ xtl_module: 'XeroAccounts' }).count({ n: '*' })) as Array<{ n: number }>)[0]?.n);
    const before = await lines();
    const again = await syncChartOfAccounts({ knex: db.knex, xero: api });
    expect(again).toMatchObject({ created: 0, updated: 0, archivedMissing: 0 });
    // Nothing changed: no "Chart of accounts… 1 archived" line (issue 10).
    expect(await lines()).toBe(before);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleDatabase, type SampleDatabase } from '../../testing/sampleDatabase.js';
import { startVtigerWebserviceDouble, type VtigerWebserviceDouble } from '../../testing/vtigerWebserviceDouble/index.js';
import { createVirtualClock, startXeroSandbox, type XeroSandbox } from '../../xeroSandbox/index.js';
import { expectNoContractViolations } from '../../xeroSandbox/testing/useXeroSandbox.js';
import { generateProducts } from './testing/generateRecords.js';
import { vtigerTime } from './testing/syncHarness.js';

/**
 * A run killed with SIGKILL in the middle of its Xero writes, then started again, ends with every record in Xero
 * exactly once, every record linked once, and nothing failed: the links of finished batches were stored, the
 * killed batch is recognised by its content (Idempotency-Key, matching by code) instead of written twice.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, 'testing', 'runSyncChild.ts');
const PRODUCTS = 150;

let db: SampleDatabase;
let sandbox: XeroSandbox;
let double: VtigerWebserviceDouble;

beforeAll(async () => {
  db = await createSampleDatabase({ migrate: true, installModules: true });
  await generateProducts(db.knex, PRODUCTS);
  const clock = createVirtualClock(Math.ceil(Date.now() / 1000) * 1000);
  // Each call takes a little real time, so the kill lands while the run is busy.
  sandbox = await startXeroSandbox({ clock, latencyMs: 40 });
  double = await startVtigerWebserviceDouble({ knex: db.knex, now: () => vtigerTime(clock.now()) });
}, 120_000);

afterAll(async () => {
  try {
    if (sandbox) expectNoContractViolations(sandbox);
  } finally {
    await double?.close();
    await sandbox?.close();
    await db?.drop();
  }
});

function startChild(): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: path.resolve(here, '../../..'),
    env: {
      ...process.env,
      XT_DB: JSON.stringify(db.settings),
      XT_XERO_URL: sandbox.url,
      XT_XERO_TENANT: sandbox.demoTenantId,
      XT_XERO_TOKEN: sandbox.issueTokenSet().access_token,
      XT_WS_URL: double.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the sync child');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('a run killed mid-way', () => {
  it('finishes on restart with nothing duplicated and nothing lost', async () => {
    const itemWrites = () => sandbox.stats().byOperation['updateOrCreateItems'] ?? 0;
    const first = startChild();
    // Kill it once Xero received the second batch of items (of four), wherever the child is at that moment.
    await until(() => itemWrites() >= 2 || first.child.exitCode !== null, 60_000);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const org = sandbox.org(sandbox.demoTenantId);
    const inXeroAtKill = org.items.all().length;
    const linkedAtKill = Number(((await db.knex('xtiger_links').where('pair', 'products').count({ n: '*' })) as Array<{ n: number }>)[0]?.n);
    expect(inXeroAtKill).toBeGreaterThan(0);
    expect(linkedAtKill).toBeLessThan(PRODUCTS + 4);

    const second = startChild();
    const finished = await second.done;
    expect(finished.code, finished.stderr).toBe(0);

    const codes = org.items.all().map((i) => i.Code);
    expect(codes).toHaveLength(PRODUCTS + 5);
    expect(new Set(codes).size).toBe(codes.length);
    expect(org.contacts.all().map((c) => c.Name).sort()).toEqual(['Acme Corporation', 'Globex GmbH', 'Initech Ltd', 'Maria Garcia']);
    const links = (await db.knex('xtiger_links').where('pair', 'products').select('crmid', 'xero_id')) as Array<{ crmid: number; xero_id: string }>;
    expect(links).toHaveLength(PRODUCTS + 4);
    expect(new Set(links.map((l) => l.xero_id)).size).toBe(links.length);
    expect(await db.knex('vtiger_xtlog').where('xtl_status', 'Failed').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await db.knex('vtiger_xtqueue').count({ n: '*' })).toEqual([{ n: 0 }]);
    // No record was created in Xero twice: at most one "created" line per product.
    const created = (await db.knex('vtiger_xtlog').where({ xtl_module: 'Products', xtl_action: 'Create', xtl_status: 'Success' }).groupBy('xtl_related_to').select('xtl_related_to').count({ n: '*' })) as Array<{ n: number }>;
    expect(created.every((r) => Number(r.n) === 1)).toBe(true);
    // Every product is accounted for: created by the killed run (and recorded), or by the restarted one, or linked by it.
    const accounted = (await db.knex('vtiger_xtlog').where({ xtl_module: 'Products', xtl_status: 'Success' }).countDistinct({ n: 'xtl_related_to' })) as Array<{ n: number }>;
    expect(Number(accounted[0]?.n)).toBe(PRODUCTS + 4);
  }, 180_000);
});

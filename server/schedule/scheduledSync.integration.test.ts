import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVtigerKnex } from '../db/vtigerKnex.js';
import { startSyncRun, syncRunContextFor, type SyncRunContext } from '../syncRuns/startSyncRun.js';
import { acquireSyncLocks } from '../syncRuns/syncLocks.js';
import { listRecentRuns } from '../syncRuns/syncRunsRepository.js';
import { startConnectedBackend, xeroCounts, type ConnectedBackend } from '../syncRuns/testing/connectedBackend.js';
import { withJobLock } from './jobLock.js';
import { runScheduledSync, SCHEDULED_SYNC_JOB, type ScheduledSyncOutcome } from './scheduledSync.js';
import { startSchedule } from './startSchedule.js';
import { markSyncSettingsSaved, saveScheduleSettings } from '../settings/scheduleSettings.js';
import { enqueueXTQueueItems } from '../vtiger/ownModules/xtQueue.js';
import { createVtigerWebserviceClient, WebserviceIds } from '../vtiger/webservice/index.js';

const OFF = { kind: 'off' } as const;

/** The scheduled sync against the sample database, the webservice double and the Xero sandbox. */
let b: ConnectedBackend;
let ctx: SyncRunContext;

beforeAll(async () => {
  b = await startConnectedBackend();
  ctx = await syncRunContextFor(b.app.deps);
});
afterAll(async () => {
  await b?.close();
});

/** Another process on the same database (a second backend, the CLI). */
async function asAnotherProcess<T>(fn: (knex: ReturnType<typeof createVtigerKnex>) => Promise<T>): Promise<T> {
  const other = createVtigerKnex({ ...b.db.settings, poolMax: 2 });
  try {
    return await fn(other);
  } finally {
    await other.destroy();
  }
}

describe('the scheduled sync job', () => {
  it('skips, with the reason, while Xero is not connected', async () => {
    const outcome = await runScheduledSync(ctx, { budgetMs: 60_000 });
    expect(outcome).toMatchObject({ outcome: 'skipped', reason: 'xero_not_connected' });
  });

  it('stops at its time budget between batches, and the next tick finishes the work without duplicates', async () => {
    await b.connect();
    const stopped = await runScheduledSync(ctx, { budgetMs: 0 });
    expect(stopped).toMatchObject({ outcome: 'stopped_at_budget' });
    const afterStop = xeroCounts(b.sandbox);
    expect(afterStop.contacts).toBeGreaterThan(0);
    expect(afterStop.items).toBe(0);
    const [stoppedRun] = await listRecentRuns(b.db.knex, 1);
    expect(stoppedRun).toMatchObject({ trigger: 'scheduled', entryPoint: 'schedule', status: 'failed', error: { code: 'SYNC_TIME_BUDGET' } });

    const ran = await runScheduledSync(ctx, { budgetMs: 60_000 });
    expect(ran.outcome, JSON.stringify(ran)).toBe('ran');
    const counts = xeroCounts(b.sandbox);
    expect(counts.contacts).toBe(4);
    expect(counts.items).toBe(5);
    expect(new Set(counts.contactNumbers).size).toBe(4);
    const [finished] = await listRecentRuns(b.db.knex, 1);
    expect(finished).toMatchObject({ trigger: 'scheduled', status: 'finished', runId: (ran as { runId: string }).runId });
    const logged = (await b.db.knex('vtiger_xtlog').where({ xtl_run_id: (ran as { runId: string }).runId }).distinct('xtl_trigger')) as Array<{ xtl_trigger: string }>;
    expect(logged.map((r) => r.xtl_trigger)).toEqual(['Scheduled']);
  });

  it('does not run while another backend runs the job', async () => {
    const outcome = await asAnotherProcess((other) => withJobLock(other, SCHEDULED_SYNC_JOB, () => runScheduledSync(ctx, { budgetMs: 60_000 })));
    expect(outcome).toEqual({ ran: true, value: { outcome: 'skipped', reason: 'job_running_elsewhere', message: 'Another XTiger backend is running the scheduled sync.' } });
  });

  it('does not wait for a sync someone started by hand', async () => {
    const outcome = await asAnotherProcess(async (other) => {
      const held = await acquireSyncLocks(other, { waitSeconds: 0 });
      try {
        return await runScheduledSync(ctx, { budgetMs: 60_000 });
      } finally {
        await held.release();
      }
    });
    expect(outcome).toMatchObject({ outcome: 'skipped', reason: 'sync_busy' });
  });

  it('runs on the saved per-module schedule, applied as soon as it is saved; with nothing changed it writes nothing', async () => {
    const writes = b.sandbox.stats().writes;
    const ticks: Array<{ outcome: ScheduledSyncOutcome; modules: string[] }> = [];
    // A poll too slow to matter here: the save itself must reach the running schedule.
    const schedule = startSchedule(b.app.deps, () => syncRunContextFor(b.app.deps), { pollMs: 600_000, onSyncTick: (o, t) => ticks.push({ outcome: o, modules: t.modules }) });
    try {
      await schedule.refresh();
      expect(schedule.jobs()).toEqual([]);
      await markSyncSettingsSaved(b.db.knex, 1, new Date());
      await saveScheduleSettings(b.db.knex, { modules: { Contacts: { kind: 'cron', expression: '* * * * * *' }, Accounts: { kind: 'cron', expression: '* * * * * *' }, Products: OFF, Services: OFF, Invoice: OFF } });
      const deadline = Date.now() + 6000;
      while (!ticks.some((t) => t.outcome.outcome === 'ran') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(schedule.jobs().sort()).toEqual(['scheduled-sync:accounts', 'scheduled-sync:contacts']);
    } finally {
      await schedule.stop();
      await saveScheduleSettings(b.db.knex, { modules: { Contacts: OFF, Accounts: OFF, Products: OFF, Services: OFF, Invoice: OFF } });
    }
    const ran = ticks.find((t) => t.outcome.outcome === 'ran');
    expect(ran, JSON.stringify(ticks)).toBeDefined();
    // Modules due at the same second run together, as one run.
    expect(ran?.modules.sort()).toEqual(['accounts', 'contacts']);
    const pairs = (ran?.outcome as { pairs: Record<string, { created: number; updated: number; failed: number }> }).pairs;
    expect(Object.keys(pairs).sort()).toEqual(['accounts', 'contacts']);
    expect(Object.values(pairs).every((p) => p.created === 0 && p.updated === 0 && p.failed === 0)).toBe(true);
    expect(b.sandbox.stats().writes).toBe(writes);
  });

  it('two backends started on one database run each scheduled slot once, not twice', async () => {
    await saveScheduleSettings(b.db.knex, { modules: { Contacts: { kind: 'cron', expression: '*/2 * * * * *' }, Accounts: OFF, Products: OFF, Services: OFF, Invoice: OFF } });
    const otherKnex = createVtigerKnex({ ...b.db.settings, poolMax: 4 });
    const otherDeps = { ...b.app.deps, knex: otherKnex };
    const runsBefore = (await listRecentRuns(b.db.knex, 100)).length;
    const ticks: Array<{ backend: string; slot: string; outcome: ScheduledSyncOutcome }> = [];
    const schedules = [
      startSchedule(b.app.deps, () => syncRunContextFor(b.app.deps), { onSyncTick: (o, t) => ticks.push({ backend: 'A', slot: t.slot.toISOString(), outcome: o }) }),
      startSchedule(otherDeps, () => syncRunContextFor(otherDeps), { onSyncTick: (o, t) => ticks.push({ backend: 'B', slot: t.slot.toISOString(), outcome: o }) }),
    ];
    try {
      await Promise.all(schedules.map((s) => s.refresh()));
      const deadline = Date.now() + 9000;
      while (new Set(ticks.filter((t) => t.outcome.outcome === 'ran').map((t) => t.slot)).size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      for (const s of schedules) await s.stop();
      await saveScheduleSettings(b.db.knex, { modules: { Contacts: OFF, Accounts: OFF, Products: OFF, Services: OFF, Invoice: OFF } });
      await otherKnex.destroy();
    }
    const slots = new Map<string, typeof ticks>();
    for (const t of ticks) slots.set(t.slot, [...(slots.get(t.slot) ?? []), t]);
    const ranSlots = [...slots.values()].filter((ts) => ts.some((t) => t.outcome.outcome === 'ran'));
    expect(ranSlots.length, JSON.stringify(ticks)).toBeGreaterThanOrEqual(2);
    for (const ts of slots.values()) {
      // Each slot: one backend ran it (or found a run going); the other found the slot taken.
      expect(ts.filter((t) => t.outcome.outcome === 'ran').length, JSON.stringify(ts)).toBeLessThanOrEqual(1);
      if (ts.length === 2) expect(ts.map((t) => (t.outcome as { reason?: string }).reason)).toContain('slot_taken_elsewhere');
    }
    const ranBy = new Set(ranSlots.flatMap((ts) => ts.filter((t) => t.outcome.outcome === 'ran').map((t) => t.backend)));
    expect(ranBy.size).toBeGreaterThanOrEqual(1);
    const runsAfter = await listRecentRuns(b.db.knex, 100);
    expect(runsAfter.length - runsBefore).toBe(ticks.filter((t) => t.outcome.outcome === 'ran').length);
    const claimed = (await b.db.knex('xtiger_job_slots').where({ job: 'scheduled-sync' }).whereIn('slot', [...slots.keys()]).select('slot', 'claimed_by')) as Array<{ slot: string }>;
    const claimedSlots = new Set(claimed.map((c) => c.slot));
    for (const ts of ranSlots) expect(claimedSlots.has(ts[0]?.slot ?? '')).toBe(true);
  });

  it('records put on the queue are taken by the next scheduled run of their module', async () => {
    const [p1, p2] = (await b.db.knex('xtiger_links').where({ pair: 'products' }).orderBy('crmid').limit(2).select('crmid')) as Array<{ crmid: number }>;
    const vtiger = await createVtigerWebserviceClient({ knex: b.db.knex, url: b.config.VTIGER_URL, userName: 'admin' });
    const ids = await WebserviceIds.load(b.db.knex);
    for (const p of [p1, p2]) await vtiger.revise({ id: ids.toWsId('Products', p?.crmid ?? 0), unit_price: '123.45' });
    // "Add to queue": the second first in queue order.
    const queued = await enqueueXTQueueItems(b.db.knex, [
      { module: 'Products', relatedTo: p2?.crmid ?? 0, direction: 'Vtiger to Xero', sequence: 1, ownerId: 1 },
      { module: 'Products', relatedTo: p1?.crmid ?? 0, direction: 'Vtiger to Xero', sequence: 2, ownerId: 1 },
    ]);
    await new Promise((r) => setTimeout(r, 1200));
    const tick = await runScheduledSync(ctx, { budgetMs: 60_000, modules: ['products'], slot: new Date(Date.now() - 3_600_000) });
    expect(tick.outcome, JSON.stringify(tick)).toBe('ran');
    const items = (await b.db.knex('vtiger_xtqueue').whereIn('xtqueueid', queued.map((q) => q.crmid)).select('xtq_status')) as Array<{ xtq_status: string }>;
    expect(items.map((i) => i.xtq_status)).toEqual(['Done', 'Done']);
    const org = b.sandbox.org(b.sandbox.demoTenantId);
    expect(org.items.all().filter((i) => i.SalesDetails?.UnitPrice === 123.45)).toHaveLength(2);
  });

  it('a manual run waits its turn behind a scheduled one instead of failing', async () => {
    const first = runScheduledSync(ctx, { budgetMs: 60_000 });
    const manual = startSyncRun(ctx, { request: { trigger: 'instant', modules: ['products'] }, entryPoint: 'cli', lockWaitSeconds: 30 });
    const [scheduled, byHand] = await Promise.all([first, manual]);
    // Whichever took the turn first: the scheduled tick ran, or it found the manual run on and skipped.
    expect(scheduled.outcome === 'ran' || (scheduled.outcome === 'skipped' && scheduled.reason === 'sync_busy'), JSON.stringify(scheduled)).toBe(true);
    expect(Object.keys(byHand.pairs)).toEqual(['products']);
    expect(byHand.pairs.products).toMatchObject({ created: 0, updated: 0, failed: 0, conflicts: 0 });
  });
});

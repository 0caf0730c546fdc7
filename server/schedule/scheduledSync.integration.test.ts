import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVtigerKnex } from '../db/vtigerKnex.js';
import { startSyncRun, syncRunContextFor, type SyncRunContext } from '../syncRuns/startSyncRun.js';
import { acquireSyncLocks } from '../syncRuns/syncLocks.js';
import { listRecentRuns } from '../syncRuns/syncRunsRepository.js';
import { startConnectedBackend, xeroCounts, type ConnectedBackend } from '../syncRuns/testing/connectedBackend.js';
import { withJobLock } from './jobLock.js';
import { runScheduledSync, SCHEDULED_SYNC_JOB, type ScheduledSyncOutcome } from './scheduledSync.js';
import { startSchedule } from './startSchedule.js';

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

  it('runs on its cron; with nothing changed it writes nothing', async () => {
    const writes = b.sandbox.stats().writes;
    const ticks: ScheduledSyncOutcome[] = [];
    const schedule = startSchedule(b.config, () => syncRunContextFor(b.app.deps), b.app.deps.logger, { syncCron: '* * * * * *', onSyncTick: (o) => ticks.push(o) });
    try {
      const deadline = Date.now() + 5000;
      while (ticks.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await schedule.stop();
    }
    expect(ticks[0], JSON.stringify(ticks)).toMatchObject({ outcome: 'ran' });
    const pairs = (ticks[0] as { pairs: Record<string, { created: number; updated: number; failed: number }> }).pairs;
    expect(Object.values(pairs).every((p) => p.created === 0 && p.updated === 0 && p.failed === 0)).toBe(true);
    expect(b.sandbox.stats().writes).toBe(writes);
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

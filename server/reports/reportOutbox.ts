import type { Knex } from 'knex';
import type { DigestFrequency, ReportScope } from './reportData.js';

/**
 * xtiger_report_outbox (migration 0012): each report to send — one per finished sync run, one per digest period —
 * with its attempts and the time of the next. The database makes "once" hold across backends: a run or a period
 * has one row (unique kind + run_id), and the mailer works on the rows under a job lock.
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'not_required' | 'digest';

export interface OutboxItem {
  id: number;
  kind: 'run' | 'digest';
  runId: string;
  frequency: DigestFrequency | null;
  periodFrom: string | null;
  periodTo: string | null;
  attempts: number;
}

const TABLE = 'xtiger_report_outbox';

/** Notes every run that finished since `since` and is not in the outbox yet. */
export async function enqueueFinishedRuns(knex: Knex, since: Date, now: Date): Promise<number> {
  const [result] = (await knex.raw(
    `INSERT IGNORE INTO ${TABLE} (kind, run_id, status, attempts, next_attempt_at, created_at)
     SELECT 'run', r.run_id, 'pending', 0, ?, ? FROM xtiger_sync_runs r
     WHERE r.started_at >= ? AND r.status = 'finished' AND r.dry_run = 0 AND r.run_id IS NOT NULL AND r.finished_at >= ?
       AND NOT EXISTS (SELECT 1 FROM ${TABLE} o WHERE o.kind = 'run' AND o.run_id = r.run_id)`,
    // started_at (indexed) bounds the scan; a run lasts well under a day.
    [now, now, new Date(since.getTime() - 86_400_000), since],
  )) as [{ affectedRows: number }];
  return result.affectedRows;
}

/** Notes the digest of a period (once, whichever backend asks first). */
export async function enqueueDigest(knex: Knex, frequency: DigestFrequency, period: { from: Date; to: Date }, now: Date): Promise<boolean> {
  const [result] = (await knex.raw(
    `INSERT IGNORE INTO ${TABLE} (kind, run_id, frequency, period_from, period_to, status, attempts, next_attempt_at, created_at) VALUES ('digest', ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    [`${frequency}:${period.from.toISOString()}`, frequency, period.from, period.to, now, now],
  )) as [{ affectedRows: number }];
  return result.affectedRows === 1;
}

export async function dueReports(knex: Knex, now: Date, limit = 20): Promise<OutboxItem[]> {
  const rows = (await knex(TABLE).where({ status: 'pending' }).andWhere('next_attempt_at', '<=', now).orderBy('id').limit(limit)
    .select('id', 'kind', 'run_id', 'frequency', 'period_from', 'period_to', 'attempts')) as Array<{
    id: number; kind: 'run' | 'digest'; run_id: string; frequency: DigestFrequency | null; period_from: string | null; period_to: string | null; attempts: number;
  }>;
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, runId: r.run_id, frequency: r.frequency, periodFrom: r.period_from, periodTo: r.period_to, attempts: Number(r.attempts) }));
}

export function scopeOf(item: OutboxItem): ReportScope {
  if (item.kind === 'run') return { kind: 'run', runId: item.runId };
  return { kind: 'digest', frequency: item.frequency ?? 'daily', from: sqlUtc(item.periodFrom), to: sqlUtc(item.periodTo) };
}

export async function settleReport(knex: Knex, id: number, status: Exclude<OutboxStatus, 'pending'>, at: Date, extra: { attempts?: number; error?: string } = {}): Promise<void> {
  await knex(TABLE).where({ id }).update({
    status,
    ...(status === 'sent' ? { sent_at: at } : {}),
    ...(extra.attempts !== undefined ? { attempts: extra.attempts } : {}),
    ...(extra.error !== undefined ? { last_error: extra.error.slice(0, 2000) } : {}),
  });
}

export async function retryReportLater(knex: Knex, id: number, attempts: number, next: Date, error: string): Promise<void> {
  await knex(TABLE).where({ id }).update({ attempts, next_attempt_at: next, last_error: error.slice(0, 2000) });
}

/** A DATETIME read as text (`yyyy-mm-dd hh:mm:ss[.fff]`, UTC) as a Date. */
function sqlUtc(value: string | null): Date {
  return new Date(`${(value ?? '').replace(' ', 'T')}Z`);
}

import { hostname } from 'node:os';
import type { Knex } from 'knex';

/**
 * A timed job's slot (the scheduled sync due at 10:15:00, the daily report of 2 December) claimed once across every
 * backend on the database: the first INSERT wins, the others find the row. A lock alone is not enough — a second
 * backend whose tick comes a moment after the first finished would run the same slot again.
 */
export const THIS_PROCESS = `${hostname()}:${process.pid}`;

export async function claimJobSlot(knex: Knex, job: string, slot: string, at: Date, by: string = THIS_PROCESS): Promise<boolean> {
  const [result] = (await knex.raw('INSERT IGNORE INTO xtiger_job_slots (job, slot, claimed_by, claimed_at) VALUES (?, ?, ?, ?)', [job, slot, by.slice(0, 100), at])) as [{ affectedRows: number }];
  return result.affectedRows === 1;
}

/** Forgets slots claimed before `before` (they can no longer be due). */
export async function pruneJobSlots(knex: Knex, before: Date): Promise<number> {
  return knex('xtiger_job_slots').where('claimed_at', '<', before).delete();
}

import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Runs `fn` under a MariaDB named lock taken without waiting, on a connection held for the job's duration, so
 * two backends never run the same job at once. `{ ran: false }` when another process holds it. MariaDB frees
 * the lock if this process dies.
 */
export async function withJobLock<T>(knex: Knex, job: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const [[db]] = (await knex.raw('SELECT DATABASE() AS name')) as [[{ name: string | null }]];
  const name = `xtiger_${createHash('sha256').update(`${db.name ?? ''}:job:${job}`).digest('hex').slice(0, 48)}`;
  const conn: unknown = await knex.client.acquireConnection();
  try {
    const [[row]] = (await knex.raw('SELECT GET_LOCK(?, 0) AS got', [name]).connection(conn)) as [[{ got: number | null }]];
    if (row.got !== 1) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await knex.raw('SELECT RELEASE_LOCK(?)', [name]).connection(conn);
    }
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

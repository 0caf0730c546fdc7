import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';

/**
 * A MariaDB named lock (`GET_LOCK`) held on a connection of its own for the duration of `fn`, so that work which
 * must happen once across processes (a token refresh) is serialised. The lock is advisory: `fn` reads and writes
 * through the normal pool with autocommit, so its writes are committed BEFORE the lock is released and the next
 * holder re-reads them. Lock names are server-wide, so the database name is part of the (hashed) name.
 */
export async function withDbLock<T>(knex: Knex, purpose: string, timeoutSeconds: number, fn: () => Promise<T>): Promise<T> {
  const [[db]] = (await knex.raw('SELECT DATABASE() AS name')) as [[{ name: string | null }]];
  const name = `xtiger_${createHash('sha256').update(`${db.name ?? ''}:${purpose}`).digest('hex').slice(0, 48)}`;
  const conn: unknown = await knex.client.acquireConnection();
  try {
    const [[got]] = (await knex.raw('SELECT GET_LOCK(?, ?) AS got', [name, timeoutSeconds]).connection(conn)) as [[{ got: number | null }]];
    if (got.got !== 1) {
      throw new XTigerError('CONFLICT', `Another XTiger process has been busy with "${purpose}" for over ${timeoutSeconds} s; try again shortly.`, { details: { purpose } });
    }
    try {
      return await fn();
    } finally {
      await knex.raw('SELECT RELEASE_LOCK(?)', [name]).connection(conn);
    }
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { XTigerError } from '../errors/XTigerError.js';

/**
 * MariaDB named locks (GET_LOCK) around the runs the entry points start — the CLI, "sync now", the schedule —
 * across every process on the database.
 *
 * - Runs take turns: the engine itself allows one run per database at a time (its own lock, taken without
 *   waiting), so each run first holds the "runs" lock here, waiting up to `waitSeconds` for the run before it.
 * - A run for chosen records ("sync now") first takes one lock per record, without waiting: asking again for
 *   records a run is syncing is refused at once (CONFLICT, naming them), while other records wait their turn.
 *
 * The locks live on one connection of their own, taken from the pool for the run; MariaDB releases them if the
 * process dies. Lock names are server-wide, so the database name is part of each (hashed) name.
 */
export interface SyncLockRequest {
  ids?: readonly number[];
  /** How long to wait for the run before; 0 = not at all. */
  waitSeconds: number;
  /** Called once the records' locks are held, before waiting for the run before (asynchronous "sync now" answers then). */
  onRecordsLocked?: () => void;
}

export interface HeldSyncLocks {
  /** The MariaDB connection holding the locks (CONNECTION_ID()); gone = the run was interrupted. */
  connectionId: number;
  release(): Promise<void>;
}

/** GET_LOCKs per statement (a SELECT of many GET_LOCK calls). */
const CHUNK = 500;

function lockName(database: string, what: string): string {
  return `xtiger_${createHash('sha256').update(`${database}:sync:${what}`).digest('hex').slice(0, 48)}`;
}

export async function acquireSyncLocks(knex: Knex, request: SyncLockRequest): Promise<HeldSyncLocks> {
  const [[db]] = (await knex.raw('SELECT DATABASE() AS name')) as [[{ name: string | null }]];
  const database = db.name ?? '';
  const conn: unknown = await knex.client.acquireConnection();
  const held: string[] = [];
  const release = async (): Promise<void> => {
    try {
      for (let i = 0; i < held.length; i += CHUNK) {
        const names = held.slice(i, i + CHUNK);
        await knex.raw(`SELECT ${names.map(() => 'RELEASE_LOCK(?)').join(', ')}`, names).connection(conn);
      }
      held.length = 0;
    } finally {
      await knex.client.releaseConnection(conn);
    }
  };
  let connectionId = 0;
  try {
    const [[who]] = (await knex.raw('SELECT CONNECTION_ID() AS id').connection(conn)) as [[{ id: number }]];
    connectionId = Number(who.id);
    const ids = [...new Set(request.ids ?? [])];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const names = chunk.map((id) => lockName(database, `record:${id}`));
      const [[row]] = (await knex.raw(`SELECT ${names.map((_, j) => `GET_LOCK(?, 0) AS l${j}`).join(', ')}`, names).connection(conn)) as [[Record<string, number | null>]];
      const busy: number[] = [];
      chunk.forEach((id, j) => (row[`l${j}`] === 1 ? held.push(names[j] ?? '') : busy.push(id)));
      if (busy.length > 0) {
        throw new XTigerError('CONFLICT', `A sync of ${recordsText(busy)} is already running; wait for it to finish, then try again.`, {
          details: { busyRecordIds: busy.slice(0, 100) },
        });
      }
    }
    request.onRecordsLocked?.();
    const runs = lockName(database, 'runs');
    const [[row]] = (await knex.raw('SELECT GET_LOCK(?, ?) AS got', [runs, request.waitSeconds]).connection(conn)) as [[{ got: number | null }]];
    if (row.got !== 1) {
      throw new XTigerError('CONFLICT', `Another sync is running${request.waitSeconds > 0 ? ` and did not finish within ${request.waitSeconds} s` : ''}; try again when it has finished.`, {
        details: { waitedSeconds: request.waitSeconds },
      });
    }
    held.push(runs);
  } catch (err) {
    await release();
    throw err;
  }
  return { connectionId, release };
}

function recordsText(ids: readonly number[]): string {
  if (ids.length === 1) return `record ${ids[0]}`;
  const shown = ids.slice(0, 5).join(', ');
  return `records ${shown}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
}

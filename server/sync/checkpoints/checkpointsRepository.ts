import type { Knex } from 'knex';
import type { z } from 'zod';
import { XTigerError } from '../../errors/XTigerError.js';
import type { SyncPair } from '../types.js';
import { toSqlDateTime } from '../values/normalise.js';

/**
 * Read checkpoints (table xtiger_checkpoints): where the last run stopped reading each side of a pair. The
 * cursor is JSON whose shape belongs to the reader of that side (see xeroCursor.ts for Xero's); it is parsed
 * with the reader's zod schema, so a cursor written by an older version fails loudly instead of skipping data.
 */
export type CheckpointSide = 'vtiger' | 'xero';

const TABLE = 'xtiger_checkpoints';

export async function readCheckpoint<T>(db: Knex, pair: SyncPair, side: CheckpointSide, schema: z.ZodType<T>): Promise<T | undefined> {
  const row = (await db(TABLE).where({ pair, side }).first('cursor')) as { cursor: string } | undefined;
  if (!row) return undefined;
  const parsed = schema.safeParse(JSON.parse(row.cursor));
  if (!parsed.success) {
    throw new XTigerError('SYNC_SETTINGS_INVALID', `The ${side} checkpoint of ${pair} is unreadable (${parsed.error.issues[0]?.message ?? 'invalid'}); reset it to read everything again.`, {
      details: { pair, side },
    });
  }
  return parsed.data;
}

export async function saveCheckpoint(db: Knex, pair: SyncPair, side: CheckpointSide, cursor: unknown, at: Date): Promise<void> {
  await db(TABLE)
    .insert({ pair, side, cursor: JSON.stringify(cursor), updated_at: toSqlDateTime(at) })
    .onConflict(['pair', 'side'])
    .merge(['cursor', 'updated_at']);
}

/** Forgets a checkpoint: the next run reads that side from the start. */
export async function resetCheckpoint(db: Knex, pair: SyncPair, side: CheckpointSide): Promise<void> {
  await db(TABLE).where({ pair, side }).delete();
}

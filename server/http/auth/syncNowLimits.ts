import type { Knex } from 'knex';
import type { XTigerConfig } from '../../config/config.js';
import { XTigerError } from '../../errors/XTigerError.js';
import { translate } from '../../i18n/translate.js';
import type { VtigerUser } from './bridgeToken.js';

/**
 * Per-user limits on "sync now", so no user can spend the organisation's daily Xero calls:
 * - a token bucket per user: SYNC_NOW_PER_USER_PER_HOUR syncs, refilled evenly over the hour;
 * - a daily share: SYNC_NOW_USER_DAILY_SHARE_PERCENT of XERO_DAILY_CALL_BUDGET per user and UTC day, each sync
 *   charged up front SYNC_NOW_CALLS_PER_RECORD calls per chosen record (an estimate, so the refusal comes before
 *   the calls are spent; administrators syncing everything are not charged: that is the organisation's own job).
 * Both are checked and taken in one transaction; a refused call takes nothing. Answered 429 in the user's language.
 */
export type LimitSettings = Pick<XTigerConfig, 'SYNC_NOW_PER_USER_PER_HOUR' | 'SYNC_NOW_USER_DAILY_SHARE_PERCENT' | 'SYNC_NOW_CALLS_PER_RECORD' | 'XERO_DAILY_CALL_BUDGET'>;

const HOUR_MS = 3_600_000;

interface LimitRow {
  user_id: number;
  bucket_tokens: number;
  bucket_at_ms: number | string;
  budget_day: string;
  budget_used: number;
}

export async function takeSyncNowAllowance(knex: Knex, settings: LimitSettings, user: VtigerUser, records: number, nowMs: number): Promise<void> {
  const capacity = settings.SYNC_NOW_PER_USER_PER_HOUR;
  const share = Math.floor((settings.XERO_DAILY_CALL_BUDGET * settings.SYNC_NOW_USER_DAILY_SHARE_PERCENT) / 100);
  const charge = records * settings.SYNC_NOW_CALLS_PER_RECORD;
  const today = new Date(nowMs).toISOString().slice(0, 10);
  // The user's row first, outside the transaction: two first calls at once must not deadlock on the insert.
  await knex('xtiger_user_sync_limits')
    .insert({ user_id: user.userId, bucket_tokens: capacity, bucket_at_ms: nowMs, budget_day: today, budget_used: 0 })
    .onConflict('user_id')
    .ignore();
  await knex.transaction(async (trx) => {
    const row = (await trx('xtiger_user_sync_limits').where({ user_id: user.userId }).forUpdate().first()) as LimitRow;
    const elapsed = Math.max(0, nowMs - Number(row.bucket_at_ms));
    const tokens = Math.min(capacity, Number(row.bucket_tokens) + (elapsed * capacity) / HOUR_MS);
    if (tokens < 1) {
      const minutes = Math.max(1, Math.ceil(((1 - tokens) * HOUR_MS) / capacity / 60_000));
      throw new XTigerError('USER_LIMIT_REACHED', translate(user.language, 'authz.limit.hourly', { limit: capacity, minutes }), {
        details: { limit: 'hourly', retryAfterMinutes: minutes },
      });
    }
    const used = row.budget_day === today ? Number(row.budget_used) : 0;
    if (charge > 0 && used + charge > share) {
      throw new XTigerError('USER_LIMIT_REACHED', translate(user.language, 'authz.limit.daily', { share, budget: settings.XERO_DAILY_CALL_BUDGET, used }), {
        details: { limit: 'daily', share, used, charge },
      });
    }
    await trx('xtiger_user_sync_limits')
      .where({ user_id: user.userId })
      .update({ bucket_tokens: tokens - 1, bucket_at_ms: nowMs, budget_day: today, budget_used: used + charge });
  });
}

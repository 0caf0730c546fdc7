import type { ConnectionHealth, TokenHealth } from '../http/contracts/connectionHealth.js';
import type { ConnectionStatusView } from '../xero/connection/connectFlow.js';
import type { SyncRunRecord } from '../syncRuns/syncRunsRepository.js';
import { PAIR_LABELS } from '../syncRuns/pairLabels.js';
import { RUN_MODULES } from '../sync/run/types.js';

const STATE_TEXT: Record<ConnectionStatusView['state'], string> = {
  not_configured: 'not set up (no Xero app client id and secret)',
  not_connected: 'not connected',
  choose_tenant: 'connected, waiting for the organisation to be chosen',
  connected: 'connected',
  reconnect_needed: 'needs to be reconnected',
};

const TOKEN_TEXT: Record<TokenHealth, string> = {
  ok: 'readable, and a refresh at Xero worked',
  missing: 'none stored',
  undecryptable: 'stored, but they cannot be decrypted with the current encryption key',
  refresh_rejected: 'rejected by Xero (refresh token revoked or expired)',
  refresh_failing: 'readable, but renewing them at Xero fails',
  unchecked: 'readable (no refresh tried)',
};

/**
 * `xtiger status` as text: the Xero connection and the last runs, newest first. Pure. With `health` (the same check
 * as the API Details screen), the state is the checked one: stored tokens that cannot be decrypted or refreshed are
 * never reported as "connected".
 */
export function formatStatusReport(input: { database: string; vtigerUrl: string; connection: ConnectionStatusView; health?: ConnectionHealth; runs: readonly SyncRunRecord[] }): string {
  const c = input.connection;
  const h = input.health;
  const state = h?.state ?? c.state;
  const out = [`Vtiger   ${input.vtigerUrl} (database ${input.database})`, `Xero     ${STATE_TEXT[state]}${c.organisation ? `: ${c.organisation}` : ''}`];
  if (h && h.tokens.health !== 'missing') out.push(`         tokens: ${TOKEN_TEXT[h.tokens.health]}`);
  if (c.accessTokenExpiresAt && (!h || h.healthy)) out.push(`         access token valid until ${h?.tokens.accessTokenExpiresAt ?? c.accessTokenExpiresAt}`);
  if (c.refreshProblem) out.push(`         token refresh failing: ${c.refreshProblem.message} (next attempt ${c.refreshProblem.nextAttemptAt})`);
  if (h?.lastError && !h.healthy) out.push(`         problem: ${h.lastError.message}`);
  else if (c.message) out.push(`         ${c.message}`);
  const next = h ? h.nextStep : c.nextStep;
  if (next) out.push(`         next: ${next}`);
  if (h && h.syncState.current.links + h.syncState.current.queueEntries > 0) {
    out.push(`         sync state: ${h.syncState.current.links} links, ${h.syncState.current.queueEntries} queue entries${h.syncState.current.organisation ? ` of ${h.syncState.current.organisation}` : ''}`);
  }
  out.push('', input.runs.length === 0 ? 'No sync runs yet.' : 'Last sync runs');
  for (const run of input.runs) {
    const counts = run.pairs
      ? RUN_MODULES.filter((p) => run.pairs?.[p])
          .map((p) => {
            const s = run.pairs?.[p];
            return s ? `${PAIR_LABELS[p]} ${s.created}+ ${s.updated}~ ${s.failed}!${s.conflicts > 0 ? ` ${s.conflicts}?` : ''}${s.error ? ' (stopped early)' : ''}` : '';
          })
          .join(', ')
      : '';
    const what = run.error ? `${run.error.code}: ${run.error.message}` : counts;
    out.push(`  ${run.startedAt}  ${run.status.padEnd(11)} ${`${run.trigger}/${run.entryPoint}`.padEnd(18)} ${run.runId ?? '-'}${what ? `  ${what}` : ''}`);
  }
  if (input.runs.length > 0) out.push('  (per module: N+ created, N~ updated, N! failed, N? conflicts held)');
  return out.join('\n');
}

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

/** `xtiger status` as text: the Xero connection and the last runs, newest first. Pure. */
export function formatStatusReport(input: { database: string; vtigerUrl: string; connection: ConnectionStatusView; runs: readonly SyncRunRecord[] }): string {
  const c = input.connection;
  const out = [`Vtiger   ${input.vtigerUrl} (database ${input.database})`, `Xero     ${STATE_TEXT[c.state]}${c.organisation ? `: ${c.organisation}` : ''}`];
  if (c.accessTokenExpiresAt) out.push(`         access token valid until ${c.accessTokenExpiresAt}`);
  if (c.refreshProblem) out.push(`         token refresh failing: ${c.refreshProblem.message} (next attempt ${c.refreshProblem.nextAttemptAt})`);
  if (c.message) out.push(`         ${c.message}`);
  if (c.nextStep) out.push(`         next: ${c.nextStep}`);
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

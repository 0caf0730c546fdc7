import { pino } from 'pino';
import { loadConfig, type XTigerConfig } from '../config/config.js';
import { migrateToLatest } from '../db/migrate.js';
import { createVtigerKnex, vtigerDbSettingsFrom } from '../db/vtigerKnex.js';
import { isXTigerError } from '../errors/XTigerError.js';
import { createLogger } from '../logging/logger.js';
import { redactText } from '../logging/redact.js';
import { startSyncRun, syncRunContextFor } from '../syncRuns/startSyncRun.js';
import { listRecentRuns } from '../syncRuns/syncRunsRepository.js';
import { connectionStatus } from '../xero/connection/connectFlow.js';
import { CliUsageError, parseCliArgs, USAGE, type CliCommand } from './args.js';
import { createProgressReporter, type ProgressStream } from './progressBar.js';
import { formatStatusReport } from './statusReport.js';
import { connectionHealth } from '../xero/connection/connectionHealth.js';
import { formatSummaryTable } from './summaryTable.js';

/** Exit codes of the `xtiger` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliIO {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
}

/** A sync waits this long for a module another run (the schedule, a "sync now") is syncing. */
const CLI_LOCK_WAIT_SECONDS = 30;

/**
 * The `xtiger` command: parse the arguments, build the dependencies from the settings, run the use case, print.
 * Returns the exit code; never exits the process itself (scripts/xtiger.ts does).
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof CliUsageError) {
      io.stderr.write(`xtiger: ${err.message}\nRun "xtiger help" for the options.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  if (command.command === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  let config: XTigerConfig;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    io.stderr.write(`xtiger: ${isXTigerError(err) ? err.message : String(err)}\n`);
    return EXIT.failed;
  }
  // Log lines go to stderr, so stdout carries only the report; warnings and worse unless asked for more.
  const logger = createLogger({ level: io.env['XTIGER_LOG_LEVEL'] ?? 'warn', destination: pino.destination({ fd: 2, sync: true }) });
  const knex = createVtigerKnex(vtigerDbSettingsFrom(config));
  const what = command.command === 'sync' ? 'sync' : 'status';
  try {
    await migrateToLatest(knex);
    const ctx = await syncRunContextFor({ config, knex, logger, now: () => Date.now() });
    if (command.command === 'status') {
      const [connection, runs] = await Promise.all([connectionStatus(ctx.xero), listRecentRuns(knex, 5)]);
      // The same check as the API Details screen: tokens readable with this key, and one real refresh at Xero.
      const health = await connectionHealth(ctx.xero, { refresh: true, language: 'en_us' });
      io.stdout.write(`${formatStatusReport({ database: config.VTIGER_DB_NAME, vtigerUrl: config.VTIGER_URL, connection, health, runs })}\n`);
      return EXIT.ok;
    }
    const bar = createProgressReporter(io.stderr);
    const { command: _command, ...selection } = command;
    let summary;
    try {
      summary = await startSyncRun(ctx, {
        request: { ...selection, trigger: 'instant' },
        entryPoint: 'cli',
        lockWaitSeconds: CLI_LOCK_WAIT_SECONDS,
        onProgress: (p) => bar.update(p),
      });
    } finally {
      bar.finish();
    }
    io.stdout.write(`Sync run ${summary.runId}${summary.dryRun ? ' (dry run: nothing was written)' : ''}, ${summary.startedAt} → ${summary.finishedAt}\n`);
    io.stdout.write(`${formatSummaryTable(summary)}\n`);
    if (summary.dryRun && summary.wouldWrite && summary.wouldWrite.length > 0) {
      io.stdout.write(`Would have written (not done): ${summary.wouldWrite.map((w) => `${w.target} ${w.operation} ×${w.count}`).join(', ')}\n`);
    }
    if (summary.stopped) {
      io.stderr.write(`xtiger: the sync stopped before the end: ${summary.stopped.message} (${summary.stopped.code}). What was done is kept; the next run continues.\n`);
      return EXIT.failed;
    }
    const stopped = Object.values(summary.pairs).filter((p) => p?.error).length;
    if (stopped > 0) {
      io.stderr.write(`xtiger: the sync did not finish: ${stopped} module${stopped > 1 ? 's' : ''} stopped early (see above).\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (err) {
    const reason = isXTigerError(err) ? `${err.message} (${err.code})` : redactText(err instanceof Error ? err.message : String(err));
    io.stderr.write(`xtiger: ${what} failed: ${reason}\n`);
    return EXIT.failed;
  } finally {
    await knex.destroy();
  }
}

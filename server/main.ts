/**
 * The backend's entry point: configuration, database, migrations, HTTP. Thin on purpose: everything it starts
 * lives in its own module and takes its dependencies as arguments.
 */
import 'dotenv/config';
import { loadConfig } from './config/config.js';
import { migrateToLatest } from './db/migrate.js';
import { vtigerDbSettingsFrom } from './db/vtigerKnex.js';
import { loadEncryptionKey } from './crypto/encryptionKey.js';
import { createApp } from './http/app.js';
import { createLogger } from './logging/logger.js';
import { startBackgroundJobs } from './background/startBackgroundJobs.js';
import { openVtigerDatabase } from './vtiger/database/openVtigerDatabase.js';
import { startupFailureLine } from './startupFailure.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.XTIGER_LOG_LEVEL });
  // Fail at start-up, not at the first Xero call, when the key for secrets at rest is missing or unsafe.
  const key = await loadEncryptionKey(config);
  logger.info({ source: key.source, file: key.file }, 'encryption key for secrets at rest loaded');
  // A typed, one-line error naming the setting when the database cannot be reached or is not a Vtiger database.
  const { knex, version } = await openVtigerDatabase(vtigerDbSettingsFrom(config));
  logger.info({ vtigerVersion: version }, 'Vtiger database opened');
  const applied = await migrateToLatest(knex);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  // Vtiger's side (the widget's bridge token, callback.php) finds this backend through xtiger_bridge.backend_url.
  if (config.XTIGER_PUBLIC_URL) await knex('xtiger_bridge').where({ id: 1 }).update({ backend_url: config.XTIGER_PUBLIC_URL.replace(/\/+$/, '') });
  const deps = { config, knex, logger, now: () => Date.now() };
  const app = createApp(deps);
  const server = app.listen(config.XTIGER_PORT, config.XTIGER_HOST, () => logger.info({ host: config.XTIGER_HOST, port: config.XTIGER_PORT }, 'XTiger backend listening'));
  server.on('error', (err) => {
    console.error(startupFailureLine(err));
    process.exit(1);
  });
  // The jobs share the app's deps, so the HTTP app and the jobs use one Xero token store per process.
  const jobs = await startBackgroundJobs(deps);
  const stop = () => {
    server.close(() => void jobs.stop().then(() => knex.destroy()).then(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(startupFailureLine(err));
  process.exit(1);
});

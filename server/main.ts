/**
 * The backend's entry point: configuration, database, migrations, HTTP. Thin on purpose: everything it starts
 * lives in its own module and takes its dependencies as arguments.
 */
import 'dotenv/config';
import { loadConfig } from './config/config.js';
import { migrateToLatest } from './db/migrate.js';
import { createVtigerKnex } from './db/vtigerKnex.js';
import { XTigerError } from './errors/XTigerError.js';
import { createApp } from './http/app.js';
import { createLogger } from './logging/logger.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.XTIGER_LOG_LEVEL });
  const knex = createVtigerKnex({
    host: config.VTIGER_DB_HOST,
    port: config.VTIGER_DB_PORT,
    user: config.VTIGER_DB_USER,
    password: config.VTIGER_DB_PASSWORD,
    database: config.VTIGER_DB_NAME,
  });
  const applied = await migrateToLatest(knex);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const app = createApp({ config, knex, logger, now: () => Date.now() });
  const server = app.listen(config.XTIGER_PORT, () => logger.info({ port: config.XTIGER_PORT }, 'XTiger backend listening'));
  const stop = () => {
    server.close(() => void knex.destroy().then(() => process.exit(0)));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const message = err instanceof XTigerError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  console.error(`XTiger could not start. ${message}`);
  process.exit(1);
});

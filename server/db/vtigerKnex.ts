import knexFactory, { type Knex } from 'knex';
import type { XTigerConfig } from '../config/config.js';
import { createLogger, type Logger } from '../logging/logger.js';

export interface VtigerDbSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Connections in the pool; the sync needs few. */
  poolMax?: number;
}

/** The database settings of XTiger's configuration (VTIGER_DB_*). */
export function vtigerDbSettingsFrom(config: Pick<XTigerConfig, 'VTIGER_DB_HOST' | 'VTIGER_DB_PORT' | 'VTIGER_DB_USER' | 'VTIGER_DB_PASSWORD' | 'VTIGER_DB_NAME'>): VtigerDbSettings {
  return {
    host: config.VTIGER_DB_HOST,
    port: config.VTIGER_DB_PORT,
    user: config.VTIGER_DB_USER,
    password: config.VTIGER_DB_PASSWORD,
    database: config.VTIGER_DB_NAME,
  };
}

/**
 * A knex instance on Vtiger's database. Vtiger needs `sql_mode=NO_ENGINE_SUBSTITUTION` (it breaks under
 * ONLY_FULL_GROUP_BY and the strict modes), dates stay strings (Vtiger stores local-less UTC text), and
 * DECIMAL columns stay strings so money never passes through binary floating point.
 */
export function createVtigerKnex(settings: VtigerDbSettings): Knex {
  return knexFactory({
    client: 'mysql2',
    // knex prints pool trouble ("Acquire connection error" + a stack) with console.log by default; the failing
    // query rejects with the same error anyway, so these go to the JSON log, one line each, at debug/warn.
    log: knexLog(),
    connection: {
      host: settings.host,
      port: settings.port,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      charset: 'utf8mb4',
      dateStrings: true,
      decimalNumbers: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      timezone: 'Z',
    },
    pool: {
      min: 0,
      max: settings.poolMax ?? 5,
      afterCreate(conn: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) {
        conn.query("SET SESSION sql_mode='NO_ENGINE_SUBSTITUTION', time_zone='+00:00'", (err) => done(err, conn));
      },
    },
  });
}

let logger: Logger | undefined;

function knexLog(): Knex.Config['log'] {
  const log = () => (logger ??= createLogger({ name: 'xtiger.db' }));
  const text = (m: unknown) => (m instanceof Error ? m.message : String(m));
  return {
    warn: (m: unknown) => log().debug({ source: 'knex' }, text(m)),
    error: (m: unknown) => log().warn({ source: 'knex' }, text(m)),
    deprecate: (m: unknown) => log().debug({ source: 'knex' }, text(m)),
    debug: (m: unknown) => log().trace({ source: 'knex' }, text(m)),
  };
}

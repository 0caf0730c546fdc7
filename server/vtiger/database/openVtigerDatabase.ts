import type { Knex } from 'knex';
import { createConnection } from 'mysql2/promise';
import { createVtigerKnex, type VtigerDbSettings } from '../../db/vtigerKnex.js';
import { XTigerError } from '../../errors/XTigerError.js';
import { isSupportedVersion, SUPPORTED_MAJOR_VERSIONS } from './vtigerVersion.js';

export interface VtigerDatabase {
  knex: Knex;
  /** `vtiger_version.current_version`, e.g. `8.2.0`. */
  version: string;
}

/** Tables every Vtiger 7/8 database has and the reader relies on. */
const REQUIRED_TABLES = ['vtiger_tab', 'vtiger_field', 'vtiger_crmentity', 'vtiger_entityname', 'vtiger_version'] as const;

/** mysql2 error codes meaning "the server said no to this user". */
const AUTH_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_NOT_SUPPORTED_AUTH_MODE']);
/** Network-level failures: nothing answered, or not MySQL. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'HANDSHAKE_NO_SSL_SUPPORT']);

function where(settings: VtigerDbSettings): string {
  return `${settings.host}:${settings.port}`;
}

/** Turns a driver error into one of our typed errors. The message names host, user and database, never the password. */
function connectionError(err: unknown, settings: VtigerDbSettings): XTigerError {
  const code = (err as { code?: unknown }).code;
  const details = { host: settings.host, port: settings.port, user: settings.user, database: settings.database, driverCode: typeof code === 'string' ? code : undefined };
  if (typeof code === 'string' && AUTH_CODES.has(code)) {
    return new XTigerError('VTIGER_DB_AUTH', `The Vtiger database at ${where(settings)} refused user "${settings.user}" for database "${settings.database}": check VTIGER_DB_USER and VTIGER_DB_PASSWORD.`, { details, cause: err });
  }
  if (code === 'ER_BAD_DB_ERROR') {
    return new XTigerError('VTIGER_NOT_A_VTIGER_DATABASE', `There is no database "${settings.database}" on ${where(settings)}: check VTIGER_DB_NAME.`, { details, cause: err });
  }
  if ((typeof code === 'string' && UNREACHABLE_CODES.has(code)) || /timeout/i.test(String((err as Error).message ?? ''))) {
    return new XTigerError('VTIGER_DB_UNREACHABLE', `Cannot reach the Vtiger database server at ${where(settings)} (${typeof code === 'string' ? code : 'no answer'}): check VTIGER_DB_HOST and VTIGER_DB_PORT and that MariaDB/MySQL is running.`, { details, cause: err });
  }
  return new XTigerError('VTIGER_DB_UNREACHABLE', `Connecting to the Vtiger database "${settings.database}" at ${where(settings)} failed${typeof code === 'string' ? ` (${code})` : ''}.`, { details, cause: err });
}

async function checkIsVtiger(knex: Knex, settings: VtigerDbSettings): Promise<string> {
  const rows = (await knex
    .select({ name: 'TABLE_NAME' })
    .from('information_schema.TABLES')
    .whereRaw('TABLE_SCHEMA = DATABASE()')
    .whereIn('TABLE_NAME', [...REQUIRED_TABLES])) as Array<{ name: string }>;
  const present = new Set(rows.map((r) => r.name.toLowerCase()));
  const missing = REQUIRED_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw new XTigerError('VTIGER_NOT_A_VTIGER_DATABASE', `Database "${settings.database}" on ${where(settings)} is not a Vtiger database: it has no ${missing.join(', ')}.`, {
      details: { database: settings.database, missingTables: missing },
    });
  }
  const version = (await knex('vtiger_version').orderBy('id', 'desc').first('current_version')) as { current_version: string | null } | undefined;
  const current = version?.current_version?.trim();
  if (!current) {
    throw new XTigerError('VTIGER_NOT_A_VTIGER_DATABASE', `Database "${settings.database}" on ${where(settings)} has an empty vtiger_version table, so its Vtiger version is unknown.`, {
      details: { database: settings.database },
    });
  }
  if (!isSupportedVersion(current)) {
    throw new XTigerError('VTIGER_UNSUPPORTED_VERSION', `Database "${settings.database}" is Vtiger ${current}; XTiger supports Vtiger ${SUPPORTED_MAJOR_VERSIONS.map((m) => `${m}.x`).join(' and ')}.`, {
      details: { database: settings.database, version: current },
    });
  }
  return current;
}

/** One plain connection first, so a failure is one typed error instead of a pool retrying and logging. */
async function probeConnection(settings: VtigerDbSettings): Promise<void> {
  try {
    const conn = await createConnection({
      host: settings.host,
      port: settings.port,
      user: settings.user,
      password: settings.password,
      database: settings.database,
      connectTimeout: 10_000,
    });
    await conn.end();
  } catch (err) {
    throw connectionError(err, settings);
  }
}

/**
 * Connects to Vtiger's database and checks that it is one XTiger can read: reachable, the credentials work,
 * it has Vtiger's core tables and a supported version. The caller owns the returned knex (`knex.destroy()`).
 */
export async function openVtigerDatabase(settings: VtigerDbSettings): Promise<VtigerDatabase> {
  await probeConnection(settings);
  const knex = createVtigerKnex(settings);
  try {
    const version = await checkIsVtiger(knex, settings);
    return { knex, version };
  } catch (err) {
    await knex.destroy();
    throw err;
  }
}

import { isXTigerError, type XTigerError } from '../../errors/XTigerError.js';

/**
 * The ONE place that decides how far an error reaches in a sync run:
 * - `record`: about the records being written (a duplicate key, a link clash, a Vtiger write refused or answered
 *   with an HTTP error, a Xero element or batch refused, one batch timing out). Those records fail, each with its
 *   log line; the run goes on.
 * - `pair`: about one module's setup (its mapping or settings no longer fit Vtiger). That module stops; the others go on.
 * - `run`: about the run itself (Xero connection lost or not authorised, the daily call limit, the database gone,
 *   Vtiger's webservice unreachable or refusing the sync user, the time budget). The run stops at its checkpoint,
 *   after the writes in flight have finished, and keeps its summary.
 * Anything unknown (a programming error) is `run`: stopping is safer than guessing.
 */
export type ErrorReach = 'record' | 'pair' | 'run';

const RUN_CODES = new Set([
  'XERO_AUTH',
  'XERO_RECONNECT_NEEDED',
  'XERO_NOT_CONNECTED',
  'XERO_RATE_LIMITED',
  'XERO_NETWORK',
  'VTIGER_DB_UNREACHABLE',
  'VTIGER_DB_AUTH',
  'VTIGER_WS_LOGIN_FAILED',
  'SYNC_TIME_BUDGET',
  'INTERNAL',
]);
const PAIR_CODES = new Set(['SYNC_MAPPING_INVALID', 'SYNC_SETTINGS_INVALID', 'VTIGER_UNKNOWN_FIELD', 'VTIGER_UNKNOWN_MODULE']);

/** Database driver codes (mysql2) that say the connection, not the statement, failed. */
const DB_GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'ER_ACCESS_DENIED_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR']);

function driverCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function vtigerHttpReach(error: XTigerError): ErrorReach {
  // An HTTP answer (an empty 500 of a PHP error) is about the record being saved; no answer at all is Vtiger gone,
  // unless our own per-request timeout ended it (one slow save).
  const details = error.details ?? {};
  if (typeof details['httpStatus'] === 'number') return 'record';
  return /timeout|timed out|aborted/i.test(error.message) ? 'record' : 'run';
}

export function reachOf(error: unknown): ErrorReach {
  if (isXTigerError(error)) {
    if (error.code === 'VTIGER_WS_HTTP') return vtigerHttpReach(error);
    if (RUN_CODES.has(error.code)) return 'run';
    if (PAIR_CODES.has(error.code)) return 'pair';
    return 'record';
  }
  const code = driverCode(error);
  if (code !== undefined && (code.startsWith('ER_') || code.startsWith('WARN_')) && !DB_GONE.has(code)) return 'record';
  if ((error as { name?: unknown } | null)?.name === 'KnexTimeoutError') return 'run';
  return 'run';
}

/** A short message for an error of any kind (never a stack). */
export function messageOfError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

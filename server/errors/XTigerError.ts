/**
 * The one error type of XTiger. Every failure a user or an operator can see carries a stable `code`
 * (what went wrong, for programs and tests), a message in plain words that names the record and the
 * field where there is one, and optional `details` (never secrets).
 */
export type XTigerErrorCode =
  // configuration and start-up
  | 'CONFIG_MISSING'
  | 'CONFIG_INVALID'
  // secrets at rest (server/crypto)
  | 'SECRET_UNREADABLE'
  // Vtiger database
  | 'VTIGER_DB_UNREACHABLE'
  | 'VTIGER_DB_AUTH'
  | 'VTIGER_NOT_A_VTIGER_DATABASE'
  | 'VTIGER_UNSUPPORTED_VERSION'
  | 'VTIGER_UNKNOWN_MODULE'
  | 'VTIGER_UNKNOWN_FIELD'
  | 'VTIGER_RECORD_NOT_FOUND'
  | 'VTIGER_INVALID_DATA'
  // Vtiger webservice
  | 'VTIGER_WS_LOGIN_FAILED'
  | 'VTIGER_WS_ERROR'
  | 'VTIGER_WS_HTTP'
  // Xero
  | 'XERO_AUTH'
  | 'XERO_RECONNECT_NEEDED'
  | 'XERO_NOT_CONNECTED'
  | 'XERO_VALIDATION'
  | 'XERO_RATE_LIMITED'
  | 'XERO_NOT_FOUND'
  | 'XERO_TIMEOUT'
  | 'XERO_NETWORK'
  | 'XERO_SERVER'
  | 'XERO_HTTP'
  // sync engine
  | 'SYNC_MAPPING_INVALID'
  | 'SYNC_SETTINGS_INVALID'
  | 'SYNC_LINK_CONFLICT'
  // a scheduled run that reached its time budget and stopped between batches (the next run continues)
  | 'SYNC_TIME_BUDGET'
  // HTTP edge
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  // a per-user limit at the HTTP edge (sync-now per hour, a user's share of the daily Xero calls)
  | 'USER_LIMIT_REACHED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INTERNAL';

export interface XTigerErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
  /** HTTP status to answer with when this error reaches the HTTP edge. */
  httpStatus?: number;
}

export class XTigerError extends Error {
  readonly code: XTigerErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly httpStatus: number;

  constructor(code: XTigerErrorCode, message: string, options: XTigerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'XTigerError';
    this.code = code;
    this.details = options.details;
    this.httpStatus = options.httpStatus ?? defaultHttpStatus(code);
  }

  toJSON(): { code: XTigerErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

function defaultHttpStatus(code: XTigerErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'VTIGER_INVALID_DATA':
    case 'VTIGER_UNKNOWN_FIELD':
    case 'VTIGER_UNKNOWN_MODULE':
    case 'XERO_VALIDATION':
    case 'SYNC_MAPPING_INVALID':
    case 'SYNC_SETTINGS_INVALID':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'VTIGER_RECORD_NOT_FOUND':
    case 'XERO_NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'SYNC_LINK_CONFLICT':
    case 'XERO_NOT_CONNECTED':
    case 'XERO_RECONNECT_NEEDED':
      return 409;
    case 'XERO_RATE_LIMITED':
    case 'USER_LIMIT_REACHED':
      return 429;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    default:
      return 500;
  }
}

export function isXTigerError(value: unknown, code?: XTigerErrorCode): value is XTigerError {
  return value instanceof XTigerError && (code === undefined || value.code === code);
}

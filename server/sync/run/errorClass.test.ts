import { describe, expect, it } from 'vitest';
import { XTigerError } from '../../errors/XTigerError.js';
import { reachOf } from './errorClass.js';

describe('reachOf: how far an error reaches in a run', () => {
  it('keeps errors about records with their records', () => {
    expect(reachOf(new XTigerError('SYNC_LINK_CONFLICT', 'clash'))).toBe('record');
    expect(reachOf(new XTigerError('VTIGER_WS_ERROR', 'refused'))).toBe('record');
    expect(reachOf(new XTigerError('XERO_VALIDATION', 'bad element'))).toBe('record');
    expect(reachOf(new XTigerError('XERO_TIMEOUT', 'one batch took too long'))).toBe('record');
    expect(reachOf(Object.assign(new Error("Duplicate entry 'x' for key 'PRIMARY'"), { code: 'ER_DUP_ENTRY' }))).toBe('record');
  });

  it('an HTTP 500 from a Vtiger save is about the record; no answer at all is Vtiger gone', () => {
    expect(reachOf(new XTigerError('VTIGER_WS_HTTP', 'revise failed with an empty HTTP 500', { details: { httpStatus: 500 } }))).toBe('record');
    expect(reachOf(new XTigerError('VTIGER_WS_HTTP', 'could not reach http://x: The operation was aborted due to timeout'))).toBe('record');
    expect(reachOf(new XTigerError('VTIGER_WS_HTTP', 'could not reach http://x: fetch failed'))).toBe('run');
  });

  it('stops the run for the connection, the daily limit, the database and the budget', () => {
    for (const code of ['XERO_AUTH', 'XERO_RECONNECT_NEEDED', 'XERO_NETWORK', 'XERO_RATE_LIMITED', 'VTIGER_DB_UNREACHABLE', 'VTIGER_WS_LOGIN_FAILED', 'SYNC_TIME_BUDGET'] as const) {
      expect(reachOf(new XTigerError(code, code)), code).toBe('run');
    }
    expect(reachOf(Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' }))).toBe('run');
    expect(reachOf(new TypeError('x is undefined'))).toBe('run');
  });

  it('stops only the module for a mapping that no longer fits', () => {
    expect(reachOf(new XTigerError('SYNC_MAPPING_INVALID', 'field gone'))).toBe('pair');
  });
});

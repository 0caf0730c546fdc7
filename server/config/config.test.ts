import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const c = loadConfig({ VTIGER_DB_NAME: 'vtiger', VTIGER_DB_PORT: '3307' });
    expect(c.VTIGER_DB_PORT).toBe(3307);
    expect(c.VTIGER_DB_HOST).toBe('127.0.0.1');
    expect(c.VTIGER_EDIT_POLL_SECONDS).toBe(5);
    expect(c.XERO_WEBHOOK_KEY).toBe('');
  });

  it('names a missing setting', () => {
    expect(() => loadConfig({})).toThrowError(/VTIGER_DB_NAME is missing/);
  });

  it('names an invalid setting', () => {
    expect(() => loadConfig({ VTIGER_DB_NAME: 'v', VTIGER_DB_PORT: 'abc' })).toThrowError(/VTIGER_DB_PORT is invalid/);
    expect(() => loadConfig({ VTIGER_DB_NAME: 'v', XTIGER_ENCRYPTION_KEY: 'short' })).toThrowError(/XTIGER_ENCRYPTION_KEY is invalid: must be 32 bytes/);
  });
});

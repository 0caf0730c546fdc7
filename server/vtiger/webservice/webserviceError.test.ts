import { describe, expect, it } from 'vitest';
import { fieldNamedIn, isSessionError, webserviceErrorFrom, webserviceHttpError } from './webserviceError.js';

describe('typed webservice errors', () => {
  it('keeps Vtiger code and names the field of MANDATORY_FIELDS_MISSING', () => {
    const e = webserviceErrorFrom(
      { operation: 'create', module: 'Invoice' },
      { code: 'MANDATORY_FIELDS_MISSING', message: 'productid does not have a value' },
    );
    expect(e.code).toBe('VTIGER_WS_ERROR');
    expect(e.details).toMatchObject({ vtigerCode: 'MANDATORY_FIELDS_MISSING', field: 'productid', operation: 'create', module: 'Invoice' });
    expect(e.message).toContain('productid');
  });

  it('names the field of REFERENCE_INVALID', () => {
    expect(fieldNamedIn('Invalid reference specified for account_id')).toBe('account_id');
    expect(fieldNamedIn('Mandatory Fields Missing..')).toBeUndefined();
  });

  it('turns ACCESS_DENIED on a record into a not-found error naming the record', () => {
    const e = webserviceErrorFrom({ operation: 'retrieve', recordId: '12x99999' }, { code: 'ACCESS_DENIED', message: 'Permission to perform the operation is denied' });
    expect(e.code).toBe('VTIGER_RECORD_NOT_FOUND');
    expect(e.message).toContain('12x99999');
    expect(e.details).toMatchObject({ vtigerCode: 'ACCESS_DENIED', recordId: '12x99999' });
  });

  it('keeps other ACCESS_DENIED answers as webservice errors', () => {
    const e = webserviceErrorFrom({ operation: 'retrieve', recordId: '7x15' }, { code: 'ACCESS_DENIED', message: 'Permission to read given object is denied' });
    expect(e.code).toBe('VTIGER_WS_ERROR');
  });

  it('names an unknown module or query field (Vtiger says ACCESS_DENIED for both)', () => {
    const module = webserviceErrorFrom({ operation: 'describe', module: 'NoSuchModule' }, { code: 'ACCESS_DENIED', message: 'Permission to perform the operation is denied for name : NoSuchModule' });
    expect(module.code).toBe('VTIGER_UNKNOWN_MODULE');
    expect(module.message).toContain('"NoSuchModule"');
    const field = webserviceErrorFrom({ operation: 'query', module: 'Contacts' }, { code: 'ACCESS_DENIED', message: "Permission to access '.nosuchcol.' attribute denied." });
    expect(field.code).toBe('VTIGER_UNKNOWN_FIELD');
    expect(field.details).toMatchObject({ field: 'nosuchcol', vtigerCode: 'ACCESS_DENIED' });
  });

  it('reports the integer code 0 duplicate rule as a duplicate', () => {
    const e = webserviceErrorFrom({ operation: 'create', module: 'Accounts' }, { code: 0, message: 'Duplicate(s) detected!' });
    expect(e.details).toMatchObject({ vtigerCode: '0', duplicate: true });
  });

  it('names operation and record for an empty HTTP 500', () => {
    const e = webserviceHttpError({ operation: 'update', module: 'Invoice', recordId: '7x16' }, 500, '');
    expect(e.code).toBe('VTIGER_WS_HTTP');
    expect(e.message).toBe('Vtiger webservice update Invoice of record 7x16 failed with an empty HTTP 500 (a PHP error inside Vtiger).');
  });

  it('knows the session codes that call for a new login', () => {
    expect(isSessionError({ code: 'INVALID_SESSIONID' })).toBe(true);
    expect(isSessionError({ code: 'AUTHENTICATION_REQUIRED' })).toBe(true);
    expect(isSessionError({ code: 'ACCESS_DENIED' })).toBe(false);
  });
});

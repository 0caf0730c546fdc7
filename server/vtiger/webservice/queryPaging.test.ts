import { describe, expect, it } from 'vitest';
import { isXTigerError } from '../../errors/XTigerError.js';
import { pagedQuery } from './queryPaging.js';

describe('query paging', () => {
  it('adds LIMIT offset, 100 before the semicolon', () => {
    expect(pagedQuery('SELECT * FROM Contacts ORDER BY lastname;', 200)).toBe('SELECT * FROM Contacts ORDER BY lastname LIMIT 200, 100;');
    expect(pagedQuery('select id from Contacts', 0)).toBe('select id from Contacts LIMIT 0, 100;');
  });

  it('ignores the word limit inside quoted values', () => {
    expect(pagedQuery("SELECT id FROM Contacts WHERE lastname = 'No limit';", 0)).toBe("SELECT id FROM Contacts WHERE lastname = 'No limit' LIMIT 0, 100;");
  });

  it('refuses a query that already has a LIMIT', () => {
    expect(() => pagedQuery('SELECT * FROM Contacts LIMIT 5;', 0)).toThrow(/already has a LIMIT/);
    let thrown: unknown;
    try {
      pagedQuery('SELECT * FROM Contacts limit 1,2;', 0);
    } catch (e) {
      thrown = e;
    }
    expect(isXTigerError(thrown, 'VTIGER_INVALID_DATA')).toBe(true);
  });
});

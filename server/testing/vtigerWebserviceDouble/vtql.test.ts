import { describe, expect, it } from 'vitest';
import { parseVtql } from './vtql.js';
import { WsFault } from './wsFault.js';

function faultOf(sql: string): WsFault {
  try {
    parseVtql(sql);
  } catch (e) {
    if (e instanceof WsFault) return e;
    throw e;
  }
  throw new Error(`no fault for ${sql}`);
}

describe('VTQL parsing', () => {
  it('parses select lists, where, order and limit', () => {
    expect(parseVtql("SELECT id, lastname FROM Contacts WHERE lastname IN ('Smith','Doe') AND (email LIKE '%acme%' OR id = '12x5') ORDER BY lastname DESC LIMIT 20, 5;")).toEqual({
      select: ['id', 'lastname'],
      module: 'Contacts',
      where: {
        kind: 'and',
        left: { kind: 'in', column: 'lastname', values: ['Smith', 'Doe'] },
        right: { kind: 'or', left: { kind: 'compare', column: 'email', op: 'like', value: '%acme%' }, right: { kind: 'compare', column: 'id', op: '=', value: '12x5' } },
      },
      orderBy: [{ column: 'lastname', descending: true }],
      limit: { offset: 20, count: 5 },
    });
    expect(parseVtql('select count(*) from Contacts;').select).toBe('count');
    expect(parseVtql('SELECT * FROM Invoice LIMIT 200;').limit).toEqual({ offset: 0, count: 200 });
  });

  it('answers the syntax errors real Vtiger gave', () => {
    expect(faultOf('SELEC * FROM Contacts;').message).toBe("Syntax Error on line 1: token 'SELEC' Unexpected Unknown(SELEC), expected one of: SELECT");
    expect(faultOf('SELECT * FROM Contacts').message).toBe("Syntax Error on line 1: token 'Contacts' Unexpected End of Input(0), expected one of: SEMICOLON");
    expect(faultOf('SELECT * FROM Contacts WHERE lastname = ;').message).toBe("Syntax Error on line 1: token ';' Unexpected SEMICOLON(;), expected one of: VALUE");
    expect(faultOf('SELECT count(*) FROM Contacts GROUP BY lastname;')).toMatchObject({ code: 'QUERY_SYNTAX_ERROR', message: 'There is an syntax error in query' });
  });
});

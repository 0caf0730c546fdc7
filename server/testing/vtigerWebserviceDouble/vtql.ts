import { WsFault } from './wsFault.js';

/**
 * The subset of VTQL (Vtiger's webservice query language) Vtiger 8.2 accepts:
 * `SELECT * | count(*) | col, … FROM Module [WHERE cond] [ORDER BY col [ASC|DESC], …] [LIMIT [offset,] n];`
 * with `=`, `!=`, `<>`, `<`, `>`, `<=`, `>=`, `LIKE`, `IN (…)`, `AND`/`OR`, parentheses. Keywords are
 * case-insensitive and the semicolon is mandatory. Parsing only; the double runs the result with SQL.
 */
export type Condition =
  | { kind: 'compare'; column: string; op: string; value: string }
  | { kind: 'in'; column: string; values: string[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition };

export interface VtqlQuery {
  select: '*' | 'count' | string[];
  module: string;
  where: Condition | undefined;
  orderBy: Array<{ column: string; descending: boolean }>;
  limit: { offset: number; count: number } | undefined;
}

interface Token {
  type: 'word' | 'string' | 'number' | 'symbol' | 'end';
  text: string;
}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)(?![A-Za-z_])|([A-Za-z_][A-Za-z0-9_.]*)|(<=|>=|!=|<>|[=<>(),;*]))/y;
  let pos = 0;
  while (pos < sql.length) {
    if (/^\s*$/.test(sql.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(sql);
    if (!m) throw syntax(sql.slice(pos).trim().split(/\s/)[0] ?? '', 'Unknown', 'VALUE');
    pos = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ type: 'string', text: m[1].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) tokens.push({ type: 'number', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ type: 'word', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ type: 'symbol', text: m[4] });
  }
  tokens.push({ type: 'end', text: '' });
  return tokens;
}

const KIND_NAMES: Record<string, string> = { ';': 'SEMICOLON', ',': 'COMMA', '(': 'PARENOPEN', ')': 'PARENCLOSE', '*': 'ASTERISK' };

function syntax(token: string, found: string, expected: string): WsFault {
  return new WsFault('QUERY_SYNTAX_ERROR', `Syntax Error on line 1: token '${token}' Unexpected ${found}, expected one of: ${expected}`);
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] ?? { type: 'end', text: '' };
  }
  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }
  private isWord(text: string): boolean {
    const t = this.peek();
    return t.type === 'word' && t.text.toLowerCase() === text;
  }
  private fail(expected: string): never {
    const t = this.peek();
    if (t.type === 'end') throw syntax(this.tokens[this.i - 1]?.text ?? '', 'End of Input(0)', expected);
    const kind = t.type === 'symbol' ? `${KIND_NAMES[t.text] ?? 'SYMBOL'}(${t.text})` : `Unknown(${t.text})`;
    throw syntax(t.text, kind, expected);
  }
  private expectWord(text: string, expected = text.toUpperCase()): void {
    if (!this.isWord(text)) this.fail(expected);
    this.i++;
  }
  private expectSymbol(text: string, expected: string): void {
    const t = this.peek();
    if (t.type !== 'symbol' || t.text !== text) this.fail(expected);
    this.i++;
  }
  private identifier(): string {
    const t = this.peek();
    if (t.type !== 'word') this.fail('COLUMNNAME');
    this.i++;
    return t.text;
  }
  private value(): string {
    const t = this.peek();
    if (t.type !== 'string' && t.type !== 'number') this.fail('VALUE');
    this.i++;
    return t.text;
  }

  parse(): VtqlQuery {
    this.expectWord('select');
    let select: VtqlQuery['select'];
    if (this.peek().text === '*') {
      this.next();
      select = '*';
    } else if (this.isWord('count')) {
      this.next();
      this.expectSymbol('(', 'PARENOPEN');
      this.expectSymbol('*', 'ASTERISK');
      this.expectSymbol(')', 'PARENCLOSE');
      select = 'count';
    } else {
      const columns = [this.identifier()];
      while (this.peek().text === ',') {
        this.next();
        columns.push(this.identifier());
      }
      select = columns;
    }
    this.expectWord('from');
    const module = this.identifier();
    let where: Condition | undefined;
    if (this.isWord('where')) {
      this.next();
      where = this.condition();
    }
    if (this.isWord('group')) throw new WsFault('QUERY_SYNTAX_ERROR', 'There is an syntax error in query');
    const orderBy: VtqlQuery['orderBy'] = [];
    if (this.isWord('order')) {
      this.next();
      this.expectWord('by');
      do {
        if (this.peek().text === ',') this.next();
        const column = this.identifier();
        let descending = false;
        if (this.isWord('desc') || this.isWord('asc')) descending = this.next().text.toLowerCase() === 'desc';
        orderBy.push({ column, descending });
      } while (this.peek().text === ',');
    }
    let limit: VtqlQuery['limit'];
    if (this.isWord('limit')) {
      this.next();
      const first = Number(this.value());
      if (this.peek().text === ',') {
        this.next();
        limit = { offset: first, count: Number(this.value()) };
      } else limit = { offset: 0, count: first };
    }
    this.expectSymbol(';', 'SEMICOLON');
    if (this.peek().type !== 'end') this.fail('End of Input');
    return { select, module, where, orderBy, limit };
  }

  private condition(): Condition {
    let left = this.term();
    while (this.isWord('and') || this.isWord('or')) {
      const kind = this.next().text.toLowerCase() as 'and' | 'or';
      left = { kind, left, right: this.term() };
    }
    return left;
  }

  private term(): Condition {
    if (this.peek().text === '(') {
      this.next();
      const inner = this.condition();
      this.expectSymbol(')', 'PARENCLOSE');
      return inner;
    }
    const column = this.identifier();
    if (this.isWord('in')) {
      this.next();
      this.expectSymbol('(', 'PARENOPEN');
      const values = [this.value()];
      while (this.peek().text === ',') {
        this.next();
        values.push(this.value());
      }
      this.expectSymbol(')', 'PARENCLOSE');
      return { kind: 'in', column, values };
    }
    const t = this.peek();
    let op: string;
    if (t.type === 'symbol' && ['=', '!=', '<>', '<', '>', '<=', '>='].includes(t.text)) op = t.text;
    else if (this.isWord('like')) op = 'like';
    else this.fail('OPERATOR');
    this.next();
    return { kind: 'compare', column, op, value: this.value() };
  }
}

export function parseVtql(sql: string): VtqlQuery {
  return new Parser(tokenize(sql.trim())).parse();
}

/**
 * Xero's `where` parameter: a small expression language (.NET dynamic LINQ) over the resource's fields.
 * Supported: `Field == "x"`, `!=`, `<`, `<=`, `>`, `>=`, against strings, numbers, true/false, null,
 * `Guid("…")` and `DateTime(y, m, d[, h, mi, s])`; `Field.Contains("x")`, `.StartsWith`, `.EndsWith`;
 * dotted paths (`Contact.ContactID`); AND/&&, OR/||, NOT/!, parentheses.
 * String comparison ignores case, as Xero's database collation does. Unknown fields raise WhereParseError,
 * which the API answers as Xero's QueryParseException.
 */
import { parseMsDate } from './xeroFormats.js';

export class WhereParseError extends Error {}

type Token = { kind: 'ident' | 'string' | 'number' | 'op' | 'punct'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new WhereParseError(`Unterminated string literal at position ${i}`);
      tokens.push({ kind: 'string', text });
      i = j + 1;
    } else if (/[0-9-]/.test(c) && /[0-9]/.test(source[c === '-' ? i + 1 : i] ?? '')) {
      const m = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      tokens.push({ kind: 'number', text: m?.[0] ?? c });
      i += m?.[0].length ?? 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
      tokens.push({ kind: 'ident', text: m?.[0] ?? c });
      i += m?.[0].length ?? 1;
    } else {
      const two = source.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else if (['<', '>', '!', '='].includes(c)) {
        tokens.push({ kind: 'op', text: c === '=' ? '==' : c });
        i++;
      } else if (['(', ')', '.', ','].includes(c)) {
        tokens.push({ kind: 'punct', text: c });
        i++;
      } else {
        throw new WhereParseError(`Unexpected character '${c}' at position ${i}`);
      }
    }
  }
  return tokens;
}

type Value = string | number | boolean | null | { date: number };
export type RecordPredicate = (record: Record<string, unknown>) => boolean;

function lookup(record: unknown, path: string[]): unknown {
  let current: unknown = record;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    const entry = Object.entries(current as Record<string, unknown>).find(([k]) => k.toLowerCase() === segment.toLowerCase());
    current = entry?.[1];
  }
  return current;
}

function comparable(v: unknown): string | number | boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    const ms = parseMsDate(v);
    return ms ?? v.toLowerCase();
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'date' in (v as object)) return (v as { date: number }).date;
  return String(v).toLowerCase();
}

function compare(op: string, left: unknown, right: Value): boolean {
  const l = comparable(left);
  const r = comparable(right);
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  if (l === null || r === null) return false;
  if (op === '<') return l < r;
  if (op === '<=') return l <= r;
  if (op === '>') return l > r;
  return l >= r;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly typeName: string,
    private readonly fields: ReadonlySet<string>,
  ) {}

  parse(): RecordPredicate {
    const p = this.or();
    if (this.pos < this.tokens.length) throw new WhereParseError(`Unexpected '${this.tokens[this.pos]?.text}' in where clause`);
    return p;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private take(text?: string): Token {
    const t = this.tokens[this.pos];
    if (t === undefined || (text !== undefined && t.text.toLowerCase() !== text.toLowerCase())) {
      throw new WhereParseError(`Expected '${text ?? 'a value'}' but found '${t?.text ?? 'end of expression'}'`);
    }
    this.pos++;
    return t;
  }

  private isWord(...words: string[]): boolean {
    const t = this.peek();
    return t !== undefined && words.some((w) => t.text.toUpperCase() === w);
  }

  private or(): RecordPredicate {
    let left = this.and();
    while (this.isWord('OR', '||')) {
      this.pos++;
      const l = left;
      const r = this.and();
      left = (rec) => l(rec) || r(rec);
    }
    return left;
  }

  private and(): RecordPredicate {
    let left = this.unary();
    while (this.isWord('AND', '&&')) {
      this.pos++;
      const l = left;
      const r = this.unary();
      left = (rec) => l(rec) && r(rec);
    }
    return left;
  }

  private unary(): RecordPredicate {
    if (this.isWord('NOT', '!')) {
      this.pos++;
      const inner = this.unary();
      return (rec) => !inner(rec);
    }
    if (this.peek()?.text === '(') {
      this.take('(');
      const inner = this.or();
      this.take(')');
      return inner;
    }
    return this.comparison();
  }

  private comparison(): RecordPredicate {
    const first = this.take();
    if (first.kind !== 'ident') throw new WhereParseError(`Expected a field name but found '${first.text}'`);
    if (!this.fields.has(first.text.toLowerCase())) {
      throw new WhereParseError(`No property or field '${first.text}' exists in type '${this.typeName}'`);
    }
    const path = [first.text];
    while (this.peek()?.text === '.') {
      this.take('.');
      const name = this.take().text;
      if (['contains', 'startswith', 'endswith'].includes(name.toLowerCase()) && this.peek()?.text === '(') {
        this.take('(');
        const arg = this.value();
        this.take(')');
        const needle = String(arg).toLowerCase();
        const method = name.toLowerCase();
        return (rec) => {
          const v = lookup(rec, path);
          if (typeof v !== 'string') return false;
          const hay = v.toLowerCase();
          return method === 'contains' ? hay.includes(needle) : method === 'startswith' ? hay.startsWith(needle) : hay.endsWith(needle);
        };
      }
      path.push(name);
    }
    const op = this.take();
    if (op.kind !== 'op' || op.text === '!' || op.text === '&&' || op.text === '||') {
      throw new WhereParseError(`Expected a comparison after '${path.join('.')}' but found '${op.text}'`);
    }
    const right = this.value();
    return (rec) => compare(op.text, lookup(rec, path), right);
  }

  private value(): Value {
    const t = this.take();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'ident') {
      const word = t.text.toLowerCase();
      if (word === 'true' || word === 'false') return word === 'true';
      if (word === 'null') return null;
      if (word === 'guid') {
        this.take('(');
        const g = this.take();
        this.take(')');
        return g.text;
      }
      if (word === 'datetime') {
        this.take('(');
        const parts: number[] = [Number(this.take().text)];
        while (this.peek()?.text === ',') {
          this.take(',');
          parts.push(Number(this.take().text));
        }
        this.take(')');
        const [y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts;
        return { date: Date.UTC(y, mo - 1, d, h, mi, s) };
      }
    }
    throw new WhereParseError(`Expected a value but found '${t.text}'`);
  }
}

/** Compiles a where clause for a resource type whose top-level fields are `fields`. */
export function compileWhere(source: string, typeName: string, fields: readonly string[]): RecordPredicate {
  const known = new Set(fields.map((f) => f.toLowerCase()));
  return new Parser(tokenize(source), typeName, known).parse();
}

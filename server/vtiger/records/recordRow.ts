import { XTigerError } from '../../errors/XTigerError.js';

/** A raw value as mysql2 returns it with XTiger's settings (DECIMAL and dates as strings). */
export type StoredValue = string | number | null;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Where a record's stored values come from: separate rows per table, or one joined result row. */
export interface RowSource {
  /** Whether the table has a row for the record. */
  has(table: string): boolean;
  /** The stored value, undefined when the table has no row or the column was not read. */
  get(table: string, column: string): unknown;
}

/** Rows read table by table. */
export class TableRows implements RowSource {
  constructor(private readonly rows: ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined>) {}
  has(table: string): boolean {
    return this.rows.get(table) !== undefined;
  }
  get(table: string, column: string): unknown {
    return this.rows.get(table)?.[column];
  }
}

/**
 * The stored rows of one record, one per table, with typed getters. A value of an unexpected type is a
 * VTIGER_INVALID_DATA error naming the record and the column, never a silent coercion.
 * A table without a row for the record (e.g. a cf row Vtiger never wrote) reads as all nulls.
 */
export class RecordRow {
  constructor(
    readonly module: string,
    readonly crmid: number,
    rows: RowSource | ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined>,
  ) {
    this.source = rows instanceof Map ? new TableRows(rows) : (rows as RowSource);
  }

  private readonly source: RowSource;

  hasRow(table: string): boolean {
    return this.source.has(table);
  }

  /** The value as stored (strings, numbers, null). */
  raw(table: string, column: string): StoredValue {
    const value = this.source.get(table, column);
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' || typeof value === 'number') return value;
    if (typeof value === 'bigint') return value.toString();
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    throw this.invalid(table, column, `an unexpected ${typeof value}`);
  }

  /** Text exactly as stored (UTF-8, real newlines), null when empty in the database sense (NULL). */
  text(table: string, column: string): string | null {
    const value = this.raw(table, column);
    return value === null ? null : String(value);
  }

  /** A DECIMAL as its stored decimal string (`575.37550000`), never a binary float. */
  decimal(table: string, column: string): string | null {
    const value = this.raw(table, column);
    if (value === null || value === '') return null;
    const text = String(value).trim();
    if (!DECIMAL.test(text)) throw this.invalid(table, column, `"${text}", not a decimal number`);
    return text;
  }

  integer(table: string, column: string): number | null {
    const value = this.raw(table, column);
    if (value === null || value === '') return null;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw this.invalid(table, column, `"${String(value)}", not an integer`);
    return n;
  }

  /** A link to another record: Vtiger stores "none" as NULL or 0. */
  reference(table: string, column: string): number | null {
    const id = this.integer(table, column);
    return id === null || id === 0 ? null : id;
  }

  /** A checkbox: Vtiger stores '1'/'0' (older data: 'on'/'off', 'yes'/'no'). */
  boolean(table: string, column: string): boolean {
    const value = this.raw(table, column);
    if (value === null || value === '') return false;
    const text = String(value).trim().toLowerCase();
    if (text === '1' || text === 'on' || text === 'yes' || text === 'true') return true;
    if (text === '0' || text === 'off' || text === 'no' || text === 'false') return false;
    throw this.invalid(table, column, `"${String(value)}", not a checkbox value`);
  }

  private invalid(table: string, column: string, what: string): XTigerError {
    return new XTigerError('VTIGER_INVALID_DATA', `${this.module} record ${this.crmid}: ${table}.${column} holds ${what}.`, {
      details: { module: this.module, crmid: this.crmid, table, column },
    });
  }
}

import type { Knex } from 'knex';
import { diffFingerprints, fingerprintDatabase, type DatabaseFingerprint } from '../moduleInstaller/dbFingerprint.js';

/** One table's difference between two databases: rows present on one side only (as JSON), or its definition. */
export interface TableDiff {
  table: string;
  problem: string;
  onlyFirst: string[];
  onlySecond: string[];
}

async function rowsOf(knex: Knex, table: string, ignore: readonly string[] = []): Promise<string[] | undefined> {
  const [exists] = (await knex.raw('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table])) as [unknown[]];
  if (exists.length === 0) return undefined;
  const [rows] = (await knex.raw(`SELECT * FROM \`${table}\``)) as [Array<Record<string, unknown>>];
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !ignore.includes(k))))).sort();
}

export interface CompareOptions {
  /** Tables left out (activity, not install state). */
  exclude?: (table: string) => boolean;
  /** Columns left out of the row comparison of a table (ids handed out again, e.g. links removed and re-added). */
  ignoreColumns?: Record<string, readonly string[]>;
}

function minus(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

/**
 * Compares two databases table by table (definition + CHECKSUM TABLE, see dbFingerprint.ts), then lists the
 * differing rows of each differing table. `exclude` leaves out tables whose rows are activity, not install state.
 */
export async function compareDatabases(first: Knex, second: Knex, options: CompareOptions = {}): Promise<{ compared: number; equal: number; diffs: TableDiff[] }> {
  const exclude = options.exclude ?? (() => false);
  const [a, b]: [DatabaseFingerprint, DatabaseFingerprint] = await Promise.all([fingerprintDatabase(first, { exclude }), fingerprintDatabase(second, { exclude })]);
  const problems = diffFingerprints(a, b);
  const diffs: TableDiff[] = [];
  for (const line of problems) {
    const table = line.slice(0, line.indexOf(':'));
    const ddlA = a.get(table)?.ddl;
    const ddlB = b.get(table)?.ddl;
    if (ddlA !== undefined && ddlB !== undefined && ddlA !== ddlB) {
      const la = ddlA.split('\n');
      const lb = ddlB.split('\n');
      diffs.push({ table, problem: 'definition differs', onlyFirst: minus(la, lb), onlySecond: minus(lb, la) });
      continue;
    }
    const ignore = options.ignoreColumns?.[table] ?? [];
    const [ra, rb] = await Promise.all([rowsOf(first, table, ignore), rowsOf(second, table, ignore)]);
    const onlyFirst = minus(ra ?? [], rb ?? []);
    const onlySecond = minus(rb ?? [], ra ?? []);
    if (ra && rb && ignore.length > 0 && onlyFirst.length === 0 && onlySecond.length === 0) continue;
    diffs.push({ table, problem: line.slice(table.length + 2), onlyFirst, onlySecond });
  }
  const compared = new Set([...a.keys(), ...b.keys()]).size;
  return { compared, equal: compared - diffs.length, diffs };
}

/** A short readable listing of diffs for test failure messages and reports. */
export function formatDiffs(diffs: TableDiff[], maxRows = 6): string {
  return diffs
    .map((d) => {
      const lines = [`${d.table}: ${d.problem}`];
      for (const r of d.onlyFirst.slice(0, maxRows)) lines.push(`  - ${r.slice(0, 400)}`);
      if (d.onlyFirst.length > maxRows) lines.push(`  - … ${d.onlyFirst.length - maxRows} more`);
      for (const r of d.onlySecond.slice(0, maxRows)) lines.push(`  + ${r.slice(0, 400)}`);
      if (d.onlySecond.length > maxRows) lines.push(`  + … ${d.onlySecond.length - maxRows} more`);
      return lines.join('\n');
    })
    .join('\n');
}

import type { Knex } from 'knex';

/**
 * A comparable picture of a whole database: per table its definition (SHOW CREATE TABLE without the
 * AUTO_INCREMENT counter) and CHECKSUM TABLE of its rows — the check the golden files were verified with.
 */
export type DatabaseFingerprint = Map<string, { ddl: string; checksum: string }>;

export async function fingerprintDatabase(knex: Knex, options: { exclude?: (table: string) => boolean } = {}): Promise<DatabaseFingerprint> {
  const [tables] = (await knex.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")) as [Array<{ name: string }>];
  const out: DatabaseFingerprint = new Map();
  const names = tables.map((t) => t.name).filter((n) => !(options.exclude?.(n) ?? false));
  for (let i = 0; i < names.length; i += 100) {
    const chunk = names.slice(i, i + 100);
    const [sums] = (await knex.raw(`CHECKSUM TABLE ${chunk.map((n) => `\`${n}\``).join(', ')}`)) as [Array<{ Table: string; Checksum: string | number | null }>];
    for (const s of sums) {
      const name = s.Table.slice(s.Table.indexOf('.') + 1);
      out.set(name, { ddl: '', checksum: String(s.Checksum) });
    }
  }
  for (const name of names) {
    const [[row]] = (await knex.raw(`SHOW CREATE TABLE \`${name}\``)) as [[Record<string, string>]];
    const ddl = (row['Create Table'] ?? '').replace(/ AUTO_INCREMENT=\d+/, '');
    const entry = out.get(name);
    if (entry) entry.ddl = ddl;
  }
  return out;
}

/** Tables that differ (missing on one side, other definition or other rows), sorted. */
export function diffFingerprints(a: DatabaseFingerprint, b: DatabaseFingerprint): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  const out: string[] = [];
  for (const n of [...names].sort()) {
    const x = a.get(n);
    const y = b.get(n);
    if (!x) out.push(`${n}: only in second`);
    else if (!y) out.push(`${n}: only in first`);
    else if (x.ddl !== y.ddl) out.push(`${n}: definition differs`);
    else if (x.checksum !== y.checksum) out.push(`${n}: rows differ`);
  }
  return out;
}

import type { Knex } from 'knex';

/** CHECKSUM TABLE of every base table of the database: what a dry run must leave as it was. */
export async function checksums(knex: Knex): Promise<Map<string, string>> {
  const tables = ((await knex.raw('SHOW FULL TABLES WHERE Table_type = ?', ['BASE TABLE'])) as [Array<Record<string, string>>])[0].map((r) => Object.values(r)[0] as string);
  const out = new Map<string, string>();
  for (let i = 0; i < tables.length; i += 100) {
    const chunk = tables.slice(i, i + 100);
    const rows = ((await knex.raw(`CHECKSUM TABLE ${chunk.map((t) => `\`${t}\``).join(', ')}`)) as [Array<{ Table: string; Checksum: string | number | null }>])[0];
    for (const r of rows) out.set(r.Table, String(r.Checksum));
  }
  return out;
}

/** The tables whose checksum differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t));
}

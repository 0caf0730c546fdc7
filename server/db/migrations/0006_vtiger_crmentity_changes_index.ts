import type { Knex } from 'knex';

/**
 * An index on Vtiger's vtiger_crmentity for XTiger's change feed (server/vtiger/changes/changeFeed.ts).
 *
 * Why touch a Vtiger table: Vtiger 8.2 has no index on modifiedtime, so every page of "records of a module
 * changed after (modifiedtime, crmid)" is a full scan plus a sort of all of vtiger_crmentity (every module's
 * records). Measured with 100,000 contacts: 100-400 ms per page and per empty incremental check, growing with
 * the whole CRM. With (setype, modifiedtime, crmid) a page is a range read of exactly the rows returned.
 * The index changes no behaviour of Vtiger (Vtiger's upgrades do not drop unknown indexes); it costs one more
 * index entry per record save. It is built online (no table lock) and `down` removes it.
 */
const TABLE = 'vtiger_crmentity';
const INDEX = 'xtiger_crmentity_changes_idx';

async function hasTable(knex: Knex): Promise<boolean> {
  const [rows] = (await knex.raw('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [TABLE])) as [unknown[]];
  return rows.length > 0;
}

async function hasIndex(knex: Knex): Promise<boolean> {
  const [rows] = (await knex.raw('SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?', [TABLE, INDEX])) as [unknown[]];
  return rows.length > 0;
}

export async function up(knex: Knex): Promise<void> {
  // Not a Vtiger database (XTiger's own unit tests of migrations): nothing to index.
  if (!(await hasTable(knex)) || (await hasIndex(knex))) return;
  await knex.raw(`ALTER TABLE \`${TABLE}\` ADD INDEX \`${INDEX}\` (setype, modifiedtime, crmid), ALGORITHM=INPLACE, LOCK=NONE`);
}

export async function down(knex: Knex): Promise<void> {
  if (!(await hasTable(knex)) || !(await hasIndex(knex))) return;
  await knex.raw(`ALTER TABLE \`${TABLE}\` DROP INDEX \`${INDEX}\``);
}

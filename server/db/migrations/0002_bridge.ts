import type { Knex } from 'knex';

// The token bridge between Vtiger's PHP side and this backend. XTiger's install hook (PHP) creates the same
// table with CREATE TABLE IF NOT EXISTS and a random secret, so whichever side starts first, both read one secret.
// The secret only signs short-lived user tokens; `backend_url` tells the widget where the backend answers.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE IF NOT EXISTS xtiger_bridge (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    secret VARCHAR(128) NOT NULL,
    backend_url VARCHAR(255) NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8`);
  await knex.raw(
    "INSERT IGNORE INTO xtiger_bridge (id, secret, backend_url, created_at) VALUES (1, LOWER(HEX(RANDOM_BYTES(32))), '', UTC_TIMESTAMP())",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('xtiger_bridge');
}

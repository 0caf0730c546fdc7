import type { Knex } from 'knex';

// The Xero connection: one row per connect (the current one is the newest that is not disconnected), its token
// set encrypted with server/crypto (never plain text), and the OAuth `state`s of connects in progress, stored
// as SHA-256 hashes so a database reader cannot complete someone else's connect, each bound to the browser that
// launched it (the hash of a cookie set on launch).
// Times are milliseconds since the epoch (BIGINT): token expiry is compared with the injected clock.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('xtiger_xero_connections', (t) => {
    t.charset('utf8mb4'); // organisation names may hold characters Vtiger's utf8 tables cannot
    t.collate('utf8mb4_unicode_ci');
    t.increments('id').primary();
    // choose_tenant | connected | reconnect_needed | disconnected
    t.string('status', 32).notNullable();
    t.string('status_reason', 64).nullable();
    t.text('status_message').nullable();
    t.string('tenant_id', 64).nullable();
    t.string('tenant_name', 255).nullable();
    t.string('tenant_type', 32).nullable();
    // The id of the tenant connection at Xero (DELETE /connections/{id} on disconnect).
    t.string('xero_connection_id', 64).nullable();
    // JSON list of {tenantId, tenantName, tenantType, connectionId} while the admin picks one.
    t.text('tenant_choices').nullable();
    // Encrypted JSON {accessToken, refreshToken, expiresAt, scope}; NULL once forgotten.
    t.text('token_set').nullable();
    t.bigInteger('access_expires_at').nullable();
    t.string('scopes', 1000).notNullable().defaultTo('');
    t.integer('connected_by').nullable();
    t.bigInteger('connected_at').notNullable();
    t.bigInteger('last_refresh_at').nullable();
    t.integer('refresh_failures').notNullable().defaultTo(0);
    t.bigInteger('next_refresh_attempt_at').nullable();
    t.text('last_refresh_error').nullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['status']);
  });
  await knex.schema.createTable('xtiger_xero_oauth_states', (t) => {
    t.string('state_hash', 64).primary();
    t.integer('user_id').notNullable();
    t.string('redirect_uri', 1000).notNullable();
    t.string('scopes', 1000).notNullable();
    t.string('browser_hash', 64).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('xtiger_xero_oauth_states');
  await knex.schema.dropTableIfExists('xtiger_xero_connections');
}

import type { Knex } from 'knex';

// PKCE (RFC 7636, S256) for the Xero connect: each OAuth state keeps its code_verifier until the callback sends it
// with the code. Short-lived (10 minutes) and useless without the code and the client secret.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('xtiger_xero_oauth_states', (t) => {
    t.string('code_verifier', 128).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('xtiger_xero_oauth_states', (t) => {
    t.dropColumn('code_verifier');
  });
}

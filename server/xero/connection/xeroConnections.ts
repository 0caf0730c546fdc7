import type { Knex } from 'knex';
import type { SecretBox } from '../../crypto/secretBox.js';
import type { XeroTenantConnection, XeroTokenSet } from '../oauth/xeroIdentityClient.js';

/**
 * The rows of `xtiger_xero_connections` as plain objects; the token set is sealed with the secret box on the way
 * in and opened only by `tokens()`. The current connection is the newest row that is not disconnected.
 */
export type XeroConnectionStatus = 'choose_tenant' | 'connected' | 'reconnect_needed' | 'disconnected';

export interface XeroConnection {
  id: number;
  status: XeroConnectionStatus;
  statusReason: string | undefined;
  statusMessage: string | undefined;
  tenantId: string | undefined;
  tenantName: string | undefined;
  xeroConnectionId: string | undefined;
  tenantChoices: XeroTenantConnection[];
  hasTokens: boolean;
  accessExpiresAt: number | undefined;
  scopes: string[];
  connectedBy: number | undefined;
  connectedAt: number;
  lastRefreshAt: number | undefined;
  refreshFailures: number;
  nextRefreshAttemptAt: number | undefined;
  lastRefreshError: string | undefined;
}

interface Row {
  id: number;
  status: XeroConnectionStatus;
  status_reason: string | null;
  status_message: string | null;
  tenant_id: string | null;
  tenant_name: string | null;
  xero_connection_id: string | null;
  tenant_choices: string | null;
  token_set: string | null;
  access_expires_at: number | string | null;
  scopes: string;
  connected_by: number | null;
  connected_at: number | string;
  last_refresh_at: number | string | null;
  refresh_failures: number;
  next_refresh_attempt_at: number | string | null;
  last_refresh_error: string | null;
}

const TABLE = 'xtiger_xero_connections';
const TOKEN_PURPOSE = 'xtiger_xero_connections.token_set';
const num = (v: number | string | null): number | undefined => (v === null ? undefined : Number(v));

export class XeroConnectionRepository {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
  ) {}

  private toConnection(r: Row): XeroConnection {
    return {
      id: r.id,
      status: r.status,
      statusReason: r.status_reason ?? undefined,
      statusMessage: r.status_message ?? undefined,
      tenantId: r.tenant_id ?? undefined,
      tenantName: r.tenant_name ?? undefined,
      xeroConnectionId: r.xero_connection_id ?? undefined,
      tenantChoices: r.tenant_choices ? (JSON.parse(r.tenant_choices) as XeroTenantConnection[]) : [],
      hasTokens: r.token_set !== null,
      accessExpiresAt: num(r.access_expires_at),
      scopes: r.scopes ? r.scopes.split(' ') : [],
      connectedBy: r.connected_by ?? undefined,
      connectedAt: Number(r.connected_at),
      lastRefreshAt: num(r.last_refresh_at),
      refreshFailures: r.refresh_failures,
      nextRefreshAttemptAt: num(r.next_refresh_attempt_at),
      lastRefreshError: r.last_refresh_error ?? undefined,
    };
  }

  async current(): Promise<XeroConnection | undefined> {
    const row = (await this.knex(TABLE).whereNot({ status: 'disconnected' }).orderBy('id', 'desc').first()) as Row | undefined;
    return row ? this.toConnection(row) : undefined;
  }

  async get(id: number): Promise<XeroConnection | undefined> {
    const row = (await this.knex(TABLE).where({ id }).first()) as Row | undefined;
    return row ? this.toConnection(row) : undefined;
  }

  /** The decrypted token set of a connection (fresh from the database), or undefined when forgotten. */
  async tokens(id: number): Promise<XeroTokenSet | undefined> {
    const row = (await this.knex(TABLE).where({ id }).first('token_set')) as { token_set: string | null } | undefined;
    if (!row?.token_set) return undefined;
    return JSON.parse(this.box.open(row.token_set, TOKEN_PURPOSE)) as XeroTokenSet;
  }

  private seal(tokens: XeroTokenSet): string {
    return this.box.seal(JSON.stringify(tokens), TOKEN_PURPOSE);
  }

  /**
   * A new connect: earlier connections are forgotten (their tokens erased) and the new one stored, connected when
   * Xero granted one organisation, waiting for the admin's choice when several.
   */
  async create(input: { tokens: XeroTokenSet; tenants: XeroTenantConnection[]; userId: number; now: number }): Promise<XeroConnection> {
    const only = input.tenants.length === 1 ? input.tenants[0] : undefined;
    const id = await this.knex.transaction(async (trx) => {
      await trx(TABLE).whereNot({ status: 'disconnected' }).update({
        status: 'disconnected',
        status_reason: 'replaced',
        status_message: 'Replaced by a newer connection.',
        token_set: null,
        updated_at: input.now,
      });
      const [newId] = (await trx(TABLE).insert({
        status: only ? 'connected' : 'choose_tenant',
        tenant_id: only?.tenantId ?? null,
        tenant_name: only?.tenantName ?? null,
        tenant_type: only?.tenantType ?? null,
        xero_connection_id: only?.id ?? null,
        tenant_choices: only ? null : JSON.stringify(input.tenants),
        token_set: this.seal(input.tokens),
        access_expires_at: input.tokens.expiresAt,
        scopes: input.tokens.scopes.join(' '),
        connected_by: input.userId,
        connected_at: input.now,
        last_refresh_at: input.now,
        refresh_failures: 0,
        updated_at: input.now,
      })) as number[];
      return newId ?? 0;
    });
    const created = await this.get(id);
    if (!created) throw new Error(`connection ${id} vanished after insert`);
    return created;
  }

  async chooseTenant(id: number, tenant: XeroTenantConnection, now: number): Promise<void> {
    await this.knex(TABLE).where({ id, status: 'choose_tenant' }).update({
      status: 'connected',
      tenant_id: tenant.tenantId,
      tenant_name: tenant.tenantName,
      tenant_type: tenant.tenantType,
      xero_connection_id: tenant.id,
      tenant_choices: null,
      updated_at: now,
    });
  }

  /** Persists a refreshed token set (the new refresh token replaces the old one) and clears the failure state. */
  async saveRefreshedTokens(id: number, tokens: XeroTokenSet, now: number): Promise<void> {
    await this.knex(TABLE).where({ id }).update({
      token_set: this.seal(tokens),
      access_expires_at: tokens.expiresAt,
      scopes: tokens.scopes.join(' '),
      last_refresh_at: now,
      refresh_failures: 0,
      next_refresh_attempt_at: null,
      last_refresh_error: null,
      updated_at: now,
    });
  }

  async recordRefreshFailure(id: number, input: { failures: number; nextAttemptAt: number; message: string; now: number }): Promise<void> {
    await this.knex(TABLE).where({ id }).update({
      refresh_failures: input.failures,
      next_refresh_attempt_at: input.nextAttemptAt,
      last_refresh_error: input.message,
      updated_at: input.now,
    });
  }

  /**
   * The connection can no longer be used until the admin reconnects. Dead tokens (a rejected refresh token) are
   * erased; live ones (the organisation was disconnected but the grant is valid) are kept so disconnect can revoke them.
   */
  async markReconnectNeeded(id: number, input: { reason: string; message: string; eraseTokens: boolean; now: number }): Promise<void> {
    await this.knex(TABLE)
      .where({ id })
      .whereNot({ status: 'disconnected' })
      .update({
        status: 'reconnect_needed',
        status_reason: input.reason,
        status_message: input.message,
        ...(input.eraseTokens ? { token_set: null } : {}),
        updated_at: input.now,
      });
  }

  /** Disconnected: tokens forgotten, the row kept as history. */
  async forget(id: number, reason: string, now: number): Promise<void> {
    await this.knex(TABLE).where({ id }).update({
      status: 'disconnected',
      status_reason: reason,
      status_message: null,
      token_set: null,
      tenant_choices: null,
      updated_at: now,
    });
  }
}

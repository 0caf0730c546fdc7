import type { Knex } from 'knex';
import { XTigerError } from '../../errors/XTigerError.js';
import type { SecretBox } from '../../crypto/secretBox.js';
import type { ScopeSet } from '../oauth/scopes.js';
import type { XeroAppCredentials } from '../oauth/xeroIdentityClient.js';

/**
 * The admin's "API details" of their own Xero app, kept in `xtiger_settings`: client id, client secret (encrypted,
 * flagged secret, never answered back), redirect URL (default `<VTIGER_URL>/modules/XTiger/callback.php`) and the
 * scope set (granular for apps created on or after 2 March 2026, broad for older apps).
 */
export interface ApiDetails {
  clientId: string | undefined;
  hasSecret: boolean;
  redirectUri: string;
  /** True when the redirect URL is the default one derived from VTIGER_URL. */
  redirectUriIsDefault: boolean;
  scopeSet: ScopeSet;
  updatedAt: string | undefined;
}

export interface ApiDetailsUpdate {
  clientId?: string;
  /** Omitted or undefined: keep the stored secret. */
  clientSecret?: string;
  /** null: back to the default. */
  redirectUri?: string | null;
  scopeSet?: ScopeSet;
}

const KEYS = {
  clientId: 'xero.client_id',
  clientSecret: 'xero.client_secret',
  redirectUri: 'xero.redirect_uri',
  scopeSet: 'xero.scope_set',
} as const;
const SECRET_PURPOSE = 'xtiger_settings:xero.client_secret';

export function defaultRedirectUri(vtigerUrl: string): string {
  return `${vtigerUrl.replace(/\/+$/, '')}/modules/XTiger/callback.php`;
}

export class ApiDetailsStore {
  constructor(
    private readonly knex: Knex,
    private readonly box: SecretBox,
    private readonly vtigerUrl: string,
  ) {}

  private async rows(): Promise<Map<string, { value: string; updated_at: string }>> {
    const rows = (await this.knex('xtiger_settings').whereIn('name', Object.values(KEYS)).select('name', 'value', 'updated_at')) as Array<{ name: string; value: string; updated_at: string }>;
    return new Map(rows.map((r) => [r.name, r]));
  }

  async read(): Promise<ApiDetails> {
    const rows = await this.rows();
    const redirect = rows.get(KEYS.redirectUri)?.value;
    const scopeSet = rows.get(KEYS.scopeSet)?.value === 'broad' ? 'broad' : 'granular';
    const updated = [...rows.values()].map((r) => r.updated_at).sort().pop();
    return {
      clientId: rows.get(KEYS.clientId)?.value || undefined,
      hasSecret: Boolean(rows.get(KEYS.clientSecret)?.value),
      redirectUri: redirect || defaultRedirectUri(this.vtigerUrl),
      redirectUriIsDefault: !redirect,
      scopeSet,
      updatedAt: updated,
    };
  }

  async save(update: ApiDetailsUpdate): Promise<ApiDetails> {
    const now = this.knex.fn.now();
    const upsert = async (name: string, value: string, isSecret: boolean) => {
      await this.knex('xtiger_settings').insert({ name, value, is_secret: isSecret, updated_at: now }).onConflict('name').merge(['value', 'is_secret', 'updated_at']);
    };
    if (update.clientId !== undefined) await upsert(KEYS.clientId, update.clientId.trim(), false);
    if (update.clientSecret !== undefined && update.clientSecret !== '') await upsert(KEYS.clientSecret, this.box.seal(update.clientSecret.trim(), SECRET_PURPOSE), true);
    if (update.redirectUri !== undefined) await upsert(KEYS.redirectUri, update.redirectUri === null ? '' : update.redirectUri.trim(), false);
    if (update.scopeSet !== undefined) await upsert(KEYS.scopeSet, update.scopeSet, false);
    return this.read();
  }

  /** The client id and secret for the token endpoint; a clear error when either is missing. */
  async credentials(): Promise<XeroAppCredentials> {
    const rows = await this.rows();
    const clientId = rows.get(KEYS.clientId)?.value;
    const sealed = rows.get(KEYS.clientSecret)?.value;
    if (!clientId || !sealed) {
      throw new XTigerError('XERO_NOT_CONNECTED', `Enter the Xero client ${!clientId ? 'id' : 'secret'} first, in Settings → XTiger → API details (from developer.xero.com → My Apps → your app → Configuration).`, {
        details: { field: !clientId ? 'clientId' : 'clientSecret' },
      });
    }
    return { clientId, clientSecret: this.box.open(sealed, SECRET_PURPOSE) };
  }
}

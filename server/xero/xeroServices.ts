import type { Knex } from 'knex';
import type { XTigerConfig } from '../config/config.js';
import { loadEncryptionKey } from '../crypto/encryptionKey.js';
import { createSecretBox, type SecretBox } from '../crypto/secretBox.js';
import type { Logger } from '../logging/logger.js';
import { systemClock, type Clock } from '../time/clock.js';
import { XeroRateGovernors } from './api/XeroRateGovernor.js';
import { ApiDetailsStore } from './connection/apiDetails.js';
import { XeroConnectionRepository } from './connection/xeroConnections.js';
import { XeroTokenStore } from './connection/XeroTokenStore.js';
import { XeroIdentityClient } from './oauth/xeroIdentityClient.js';

/**
 * Everything the Xero side needs, built once per process: the token store must be shared (its single-flight map
 * and cache are per process) and so must the rate governors (one per organisation). Units of work get their own
 * XeroAccountingApi from `openXeroAccountingApi`.
 */
export type XeroSettings = Pick<XTigerConfig, 'VTIGER_URL' | 'XERO_IDENTITY_URL' | 'XERO_LOGIN_URL' | 'XERO_API_URL' | 'XERO_DAILY_CALL_BUDGET'>;

export interface XeroServices {
  settings: XeroSettings;
  knex: Knex;
  clock: Clock;
  logger: Logger;
  apiDetails: ApiDetailsStore;
  identity: XeroIdentityClient;
  connections: XeroConnectionRepository;
  tokens: XeroTokenStore;
  governors: XeroRateGovernors;
  /** Per-call timeout for the accounting API (ms). */
  callTimeoutMs: number;
}

export interface XeroServicesInput {
  settings: XeroSettings;
  knex: Knex;
  logger: Logger;
  box: SecretBox;
  clock?: Clock;
  callTimeoutMs?: number;
  /** Token endpoint and connections calls (ms). */
  identityTimeoutMs?: number;
}

export function createXeroServices(input: XeroServicesInput): XeroServices {
  const clock = input.clock ?? systemClock;
  const apiDetails = new ApiDetailsStore(input.knex, input.box, input.settings.VTIGER_URL);
  const identity = new XeroIdentityClient(input.settings, clock, input.identityTimeoutMs ?? 20_000);
  const connections = new XeroConnectionRepository(input.knex, input.box);
  const tokens = new XeroTokenStore({ knex: input.knex, connections, identity, credentials: () => apiDetails.credentials(), clock, logger: input.logger });
  const governors = new XeroRateGovernors(clock, { perMinute: 60, concurrent: 5, perDay: input.settings.XERO_DAILY_CALL_BUDGET });
  return { settings: input.settings, knex: input.knex, clock, logger: input.logger, apiDetails, identity, connections, tokens, governors, callTimeoutMs: input.callTimeoutMs ?? 30_000 };
}

const perApp = new WeakMap<object, Promise<XeroServices>>();

/**
 * The process's Xero services for the HTTP app (memoised per AppDeps object). The encryption key is loaded — and
 * the key file created with mode 0600 when there is none — on first use.
 */
export function xeroServicesFor(deps: { config: XTigerConfig; knex: Knex; logger: Logger; now: () => number }): Promise<XeroServices> {
  let services = perApp.get(deps);
  if (!services) {
    const clock: Clock = { now: deps.now, sleep: systemClock.sleep };
    services = loadEncryptionKey(deps.config).then(({ key }) =>
      createXeroServices({ settings: deps.config, knex: deps.knex, logger: deps.logger, box: createSecretBox(key), clock }),
    );
    services.catch(() => perApp.delete(deps));
    perApp.set(deps, services);
  }
  return services;
}

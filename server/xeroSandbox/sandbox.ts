/**
 * startXeroSandbox: one HTTP origin that plays Xero's login, identity and API hosts, with in-memory
 * organisations, for the tests, the demo and the benchmarks.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import express from 'express';
import { API_PREFIX, accountingRoutes } from './api/accountingRoutes.js';
import { realClock, type SandboxClock } from './clock.js';
import { ContractValidator, type ContractViolation } from './contract/contractValidator.js';
import { FaultPlan, type FaultKind } from './faults.js';
import { IdempotencyStore } from './idempotency.js';
import { IdentityServer, type RegisteredApp, type TokenResponse } from './oauth/identityServer.js';
import { oauthRoutes } from './oauth/oauthRoutes.js';
import { OrgStore, type NewOrganisation } from './orgStore.js';
import { RateLimits, XERO_LIMITS, type SandboxLimits } from './rateLimits.js';
import { createSandboxWebhooks, type SandboxWebhooks } from './webhooks.js';

export interface XeroSandboxOptions {
  /** Port to listen on, on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  clock?: SandboxClock;
  limits?: Partial<SandboxLimits>;
  /** 'enforce' (default): every accepted request body and every response is checked against xero_accounting.yaml. */
  contract?: 'enforce' | 'off';
  /** Default true: one demo organisation and one demo app. */
  seed?: boolean;
  /** Real milliseconds each admitted accounting call takes (default 0); makes concurrency limits observable. */
  latencyMs?: number;
  /** Webhooks: events of this window are sent together (default 100 ms); delays between failed deliveries. */
  webhooks?: { batchMs?: number; retryDelaysMs?: number[] };
}

export interface SandboxStats {
  calls: number;
  rejected429: number;
  peakPerMinute: number;
  peakConcurrent: number;
  /** Records created or updated by accounting writes (an Idempotency-Key replay writes nothing). */
  writes: number;
  byOperation: Record<string, number>;
}

/** Every scope the sandbox knows, for tokens issued directly by tests. */
export const ALL_ACCOUNTING_SCOPES = [
  'openid', 'profile', 'email', 'offline_access', 'accounting.contacts', 'accounting.settings', 'accounting.invoices',
  'accounting.payments', 'accounting.banktransactions',
];

export interface XeroSandbox {
  url: string;
  clock: SandboxClock;
  registerApp(app: RegisteredApp): void;
  demoApp: RegisteredApp;
  createOrganisation(input?: NewOrganisation): OrgStore;
  demoTenantId: string;
  org(tenantId: string): OrgStore;
  organisations(): OrgStore[];
  contractViolations(): ContractViolation[];
  stats(): SandboxStats;
  /** Tokens for the demo user as if they had consented, connecting `tenantIds` (default: the demo organisation). */
  issueTokenSet(input?: { clientId?: string; tenantIds?: string[]; scopes?: string[] }): TokenResponse;
  revokeAllTokens(): void;
  disconnectTenant(tenantId: string): void;
  failNext(n: number, kind: FaultKind): void;
  /** Signed webhooks for contacts and invoices to a subscribed URL (webhooks.ts). */
  webhooks: SandboxWebhooks;
  close(): Promise<void>;
}

/**
 * The seeded demo app. Its first redirect URI is the module's default callback on a local Vtiger; the other two
 * are patterns that accept any loopback URL with a port (http://127.0.0.1:<port>/<path>, http://localhost:…).
 */
export const DEMO_APP: RegisteredApp = {
  clientId: 'XTIGERDEMOAPP0000000000000000001',
  clientSecret: 'sandbox-demo-secret-not-for-production',
  redirectUris: ['http://localhost/modules/XTiger/callback.php', 'http://127.0.0.1:*', 'http://localhost:*'],
  name: 'XTiger (demo app)',
};

export async function startXeroSandbox(options: XeroSandboxOptions = {}): Promise<XeroSandbox> {
  const clock = options.clock ?? realClock;
  const orgs = new Map<string, OrgStore>();
  let url = '';
  const identity = new IdentityServer(clock, () => url, (tenantId) => orgs.get(tenantId.toLowerCase())?.organisation.Name);
  const limits = new RateLimits(clock, { ...XERO_LIMITS, ...options.limits });
  const violations: ContractViolation[] = [];
  const stats = { calls: 0, writes: 0, byOperation: {} as Record<string, number> };
  const faults = new FaultPlan();
  const heldSockets = new Set<Socket>();

  const webhooks = createSandboxWebhooks({ clock, apiUrl: () => url, ...options.webhooks });
  const createOrganisation = (input?: NewOrganisation): OrgStore => {
    const org = new OrgStore(clock, input);
    webhooks.observe(org);
    orgs.set(org.tenantId.toLowerCase(), org);
    return org;
  };
  const demo = options.seed === false ? undefined : createOrganisation({ name: 'XTiger Demo Company' });
  if (options.seed !== false) identity.registerApp(DEMO_APP);

  const app = express();
  app.disable('x-powered-by');
  app.use(oauthRoutes(identity, () => [...orgs.values()], () => url));
  app.use(accountingRoutes({
    identity,
    org: (tenantId) => orgs.get(tenantId.toLowerCase()),
    limits,
    idempotency: new IdempotencyStore(clock),
    faults,
    contract: options.contract === 'off' ? undefined : ContractValidator.shared(),
    violations,
    stats,
    latencyMs: options.latencyMs ?? 0,
    heldSockets,
  }));

  const server: Server = app.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The Xero sandbox did not get a TCP port');
  url = `http://127.0.0.1:${address.port}`;

  const org = (tenantId: string): OrgStore => {
    const found = orgs.get(tenantId.toLowerCase());
    if (found === undefined) throw new Error(`The sandbox has no organisation ${tenantId}`);
    return found;
  };

  return {
    url,
    clock,
    registerApp: (a) => identity.registerApp(a),
    demoApp: DEMO_APP,
    createOrganisation,
    demoTenantId: demo?.tenantId ?? '',
    org,
    organisations: () => [...orgs.values()],
    contractViolations: () => [...violations],
    stats: () => ({
      calls: stats.calls,
      rejected429: limits.rejected,
      peakPerMinute: limits.peakPerMinute,
      peakConcurrent: limits.peakConcurrent,
      writes: stats.writes,
      byOperation: { ...stats.byOperation },
    }),
    issueTokenSet: (input = {}) =>
      identity.issueForTest(input.clientId ?? DEMO_APP.clientId, input.tenantIds ?? (demo !== undefined ? [demo.tenantId] : []), input.scopes ?? ALL_ACCOUNTING_SCOPES),
    revokeAllTokens: () => identity.revokeAll(),
    disconnectTenant: (tenantId) => identity.disconnectTenant(tenantId),
    failNext: (n, kind) => faults.failNext(n, kind),
    webhooks,
    close: async () => {
      webhooks.close();
      for (const s of heldSockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

export { API_PREFIX };

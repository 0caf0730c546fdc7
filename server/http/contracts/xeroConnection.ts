import { z } from 'zod';
import { defineEndpoint } from './endpoint.js';

/**
 * The Xero connect flow and connection status (Settings → XTiger → API details):
 *  1. POST start (admin) → `launchUrl`; the widget opens it in the admin's browser (top level);
 *  2. GET launch (public) sets a browser-binding cookie and redirects to Xero's consent page;
 *  3. Xero → Vtiger's callback.php → GET /api/xero/callback (public) with code+state (or error+state):
 *     the backend exchanges the code and redirects the browser back to Vtiger's XTiger settings page with
 *     `xero=connected|choose_tenant|failed` and, when failed, `reason=<code>` (the status endpoint has the message);
 *  4. several organisations → POST tenant (admin) with the chosen one;
 *  5. GET status (admin: it names the organisation, scopes and token times); DELETE (admin) disconnects.
 */
export const connectionStatusSchema = z.object({
  state: z.enum(['not_configured', 'not_connected', 'choose_tenant', 'connected', 'reconnect_needed']),
  organisation: z.string().optional(),
  tenantId: z.string().optional(),
  scopes: z.array(z.string()),
  connectedAt: z.string().optional(),
  lastRefreshAt: z.string().optional(),
  accessTokenExpiresAt: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  nextStep: z.string().optional(),
  tenantChoices: z.array(z.object({ tenantId: z.string(), tenantName: z.string() })),
  refreshProblem: z.object({ message: z.string(), failures: z.number(), nextAttemptAt: z.string() }).optional(),
  lastConnect: z.object({ result: z.string(), reason: z.string().optional(), message: z.string().optional(), at: z.string() }).optional(),
});
export type XeroConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const startXeroConnect = defineEndpoint({
  method: 'post',
  path: '/api/xero/connection/start',
  access: 'admin',
  response: z.object({
    /** Open this in the admin's browser (same window or a popup); it leads to Xero's consent page. */
    launchUrl: z.string(),
    /** Must be registered, exactly, as a redirect URI of the Xero app. */
    redirectUri: z.string(),
    scopes: z.array(z.string()),
    expiresAt: z.string(),
  }),
});

export const launchXeroConnect = defineEndpoint({
  method: 'get',
  path: '/api/xero/connection/launch',
  access: 'public',
  query: z.object({ state: z.string().max(200).optional() }).passthrough(),
  response: z.never(),
});

/** Where Vtiger's callback.php forwards Xero's answer. Answers with a redirect, never JSON. */
export const xeroCallback = defineEndpoint({
  method: 'get',
  path: '/api/xero/callback',
  access: 'public',
  query: z
    .object({
      code: z.string().max(2000).optional(),
      state: z.string().max(200).optional(),
      error: z.string().max(200).optional(),
      error_description: z.string().max(1000).optional(),
    })
    .passthrough(),
  response: z.never(),
});

export const getXeroConnection = defineEndpoint({
  method: 'get',
  path: '/api/xero/connection',
  access: 'admin',
  response: connectionStatusSchema,
});

export const chooseXeroTenant = defineEndpoint({
  method: 'post',
  path: '/api/xero/connection/tenant',
  access: 'admin',
  body: z.object({ tenantId: z.string().min(1).max(64) }),
  response: connectionStatusSchema,
});

export const disconnectXero = defineEndpoint({
  method: 'delete',
  path: '/api/xero/connection',
  access: 'admin',
  response: z.object({
    wasConnected: z.boolean(),
    organisation: z.string().optional(),
    removedAtXero: z.boolean(),
    tokenRevoked: z.boolean(),
    notes: z.array(z.string()),
  }),
});

/** The Vtiger page the browser returns to after the callback. */
export const VTIGER_API_DETAILS_PAGE = 'index.php?module=XTiger&parent=Settings&view=Settings&page=apiDetails';

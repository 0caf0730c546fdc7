import { connectAsAdmin } from '../../../server/xero/testing/adminBrowser.js';
import type { XTigerStack } from './xtigerStack.js';

/** Saves the sandbox's demo app as the API details and connects through the real OAuth flow (over HTTP). */
export async function connectToSandbox(stack: XTigerStack): Promise<void> {
  const adminToken = await stack.backend.tokenFor({ userId: 1, isAdmin: true });
  const saved = await fetch(`${stack.backend.url}/api/xero/api-details`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: stack.sandbox.demoApp.clientId, clientSecret: stack.sandbox.demoApp.clientSecret }),
  });
  if (saved.status !== 200) throw new Error(`api-details answered ${saved.status}`);
  const connected = await connectAsAdmin({ backendUrl: stack.backend.url, adminToken });
  if (connected.finalUrl.searchParams.get('xero') !== 'connected') throw new Error(`connect ended at ${connected.finalUrl.toString()}`);
}

/** Texts of Vtiger's notifications (bootstrap-notify) shown on the page so far. */
export const NOTIFICATION = '[data-notify="container"] [data-notify="message"]';

/** xero-node pointed at the sandbox, as our client will call it; usable from tests, the demo and benchmarks. */
import { XeroClient } from 'xero-node';
import type { TokenResponse } from '../oauth/identityServer.js';
import { API_PREFIX, type XeroSandbox } from '../sandbox.js';

/** A xero-node client pointed at the sandbox, holding `tokens` (default: fresh tokens for the demo organisation). */
export function sdkClientFor(sandbox: XeroSandbox, tokens: TokenResponse = sandbox.issueTokenSet()): XeroClient {
  const xero = new XeroClient({ clientId: sandbox.demoApp.clientId, clientSecret: sandbox.demoApp.clientSecret, redirectUris: [`${sandbox.url}/callback`], scopes: tokens.scope.split(' ') });
  xero.setTokenSet({ ...tokens });
  xero.accountingApi.basePath = sandbox.url + API_PREFIX;
  return xero;
}

/** xero-node rejects with a JSON string holding `{response:{statusCode, body, headers}}`: read it. */
export function sdkError(rejection: unknown): { statusCode: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const parsed = (typeof rejection === 'string' ? JSON.parse(rejection) : rejection) as { response?: { statusCode?: number; body?: Record<string, unknown>; headers?: Record<string, string> } };
  return { statusCode: parsed.response?.statusCode ?? 0, body: parsed.response?.body ?? {}, headers: parsed.response?.headers ?? {} };
}

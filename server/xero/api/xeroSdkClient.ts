import { XeroClient } from 'xero-node';

/**
 * A fresh xero-node client for ONE connection and ONE unit of work. It never calls `initialize()` (which would
 * contact identity.xero.com): tokens come from our token store through `setTokenSet`, and the accounting API
 * points at `XERO_API_URL` (real Xero or the sandbox). The SDK has no timeouts: every request it builds passes
 * through `applyToRequest`, where we set axios' socket timeout and an overall deadline.
 */
export function newXeroSdkClient(options: { apiUrl: string; timeoutMs: number }): XeroClient {
  const xero = new XeroClient();
  xero.accountingApi.basePath = `${options.apiUrl.replace(/\/+$/, '')}/api.xro/2.0`;
  xero.accountingApi.setDefaultAuthentication({
    applyToRequest(requestOptions) {
      requestOptions.timeout = options.timeoutMs;
      // The socket timeout only measures silence; the signal ends a response that trickles on for too long.
      requestOptions.signal = AbortSignal.timeout(options.timeoutMs * 2);
    },
  });
  return xero;
}

/** Hands the SDK an access token (it keeps one token set per instance). */
export function useAccessToken(xero: XeroClient, accessToken: string): void {
  xero.setTokenSet({ access_token: accessToken, token_type: 'Bearer' });
}

import type { Clock } from '../../../time/clock.js';
import { XeroAccountingApi } from '../../../xero/api/XeroAccountingApi.js';
import { XeroRateGovernor } from '../../../xero/api/XeroRateGovernor.js';
import type { XeroSandbox } from '../../../xeroSandbox/sandbox.js';

/**
 * XTiger's real XeroAccountingApi (governor, retries, batches, Idempotency-Keys) pointed at the sandbox's demo
 * organisation, with tokens the sandbox issues (a 401 gets a fresh set, as a refresh would). For tests, the
 * demo and benchmarks; production opens it with `openXeroAccountingApi`.
 */
export function sandboxXeroApi(sandbox: XeroSandbox, clock: Clock = sandbox.clock): { api: XeroAccountingApi; governor: XeroRateGovernor } {
  let token = sandbox.issueTokenSet().access_token;
  const governor = new XeroRateGovernor(clock);
  const api = new XeroAccountingApi({
    apiUrl: sandbox.url,
    clock,
    governor,
    tokens: {
      accessToken: () => Promise.resolve(token),
      renewAfterRejection: () => {
        token = sandbox.issueTokenSet().access_token;
        return Promise.resolve(token);
      },
    },
    tenantId: sandbox.demoTenantId,
    organisation: 'XTiger Demo Company',
  });
  return { api, governor };
}

import { API_PREFIX, type XeroSandbox } from '../../xeroSandbox/sandbox.js';

/**
 * What someone working in Xero does, through Xero's accounting API (the sandbox): the accountant's contacts typed
 * before the first sync, and the admin's fixes (a tax rate, a currency). Bodies in Xero's own PascalCase JSON.
 */
export async function xeroAdmin(sandbox: XeroSandbox, method: 'PUT' | 'POST', path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandbox.url}${API_PREFIX}${path}?summarizeErrors=false`, {
    method,
    headers: { authorization: `Bearer ${sandbox.issueTokenSet().access_token}`, 'xero-tenant-id': sandbox.demoTenantId, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  const elements = Object.values(answer).find(Array.isArray) as Array<Record<string, unknown>> | undefined;
  const refused = elements?.filter((e) => e['StatusAttributeString'] === 'ERROR') ?? [];
  if (res.status !== 200 || refused.length > 0) throw new Error(`Xero ${method} ${path} answered ${res.status}: ${JSON.stringify(refused.length > 0 ? refused : answer)}`);
  return answer;
}

import { XTigerError } from '../errors/XTigerError.js';
import { XeroAccountingApi } from './api/XeroAccountingApi.js';
import { checkOrganisationStillConnected } from './connection/connectFlow.js';
import type { XeroServices } from './xeroServices.js';

/**
 * A XeroAccountingApi for one unit of work on the current (or a given) connection: its own SDK client, the shared
 * token store and the organisation's shared rate governor. Fails with a clear, typed error when Xero is not
 * connected, waits for an organisation to be chosen, or needs a reconnect.
 */
export async function openXeroAccountingApi(s: XeroServices, options: { connectionId?: number } = {}): Promise<XeroAccountingApi> {
  const conn = options.connectionId === undefined ? await s.connections.current() : await s.connections.get(options.connectionId);
  if (!conn || conn.status === 'disconnected') {
    throw new XTigerError('XERO_NOT_CONNECTED', 'Xero is not connected: connect it in Settings → XTiger → API details.');
  }
  if (conn.status === 'reconnect_needed') {
    throw new XTigerError('XERO_RECONNECT_NEEDED', conn.statusMessage ?? 'The Xero connection needs to be renewed: reconnect Xero in Settings → XTiger → API details.', {
      details: { reason: conn.statusReason },
    });
  }
  if (conn.status === 'choose_tenant' || !conn.tenantId) {
    throw new XTigerError('XERO_NOT_CONNECTED', 'Choose the Xero organisation to sync with in Settings → XTiger → API details.');
  }
  const organisation = conn.tenantName ?? conn.tenantId;
  return new XeroAccountingApi({
    apiUrl: s.settings.XERO_API_URL,
    clock: s.clock,
    governor: s.governors.for(conn.tenantId, organisation),
    tokens: s.tokens.sourceFor(conn.id, () => checkOrganisationStillConnected(s, conn.id)),
    tenantId: conn.tenantId,
    organisation,
    logger: s.logger,
    timeoutMs: s.callTimeoutMs,
  });
}

import { XTigerError } from '../../errors/XTigerError.js';
import { redactText } from '../../logging/redact.js';
import type { WsEnvelope } from './types.js';
import { webserviceHttpError, type WsCallContext } from './webserviceError.js';

/**
 * One HTTP exchange with `webservice.php`. Vtiger reads GET operations' parameters only from the query
 * string and POST operations' only from a form body (the other place is silently ignored), answers every
 * handled outcome with HTTP 200 + a JSON envelope, and a PHP error with an empty HTTP 500.
 */
export type WsHttpMethod = 'GET' | 'POST';

export interface WsTransport {
  endpoint: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

export async function sendWebserviceRequest<T>(
  transport: WsTransport,
  ctx: WsCallContext,
  method: WsHttpMethod,
  params: Record<string, string>,
): Promise<WsEnvelope<T>> {
  const body = new URLSearchParams(params);
  const url = method === 'GET' ? `${transport.endpoint}?${body.toString()}` : transport.endpoint;
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method,
      headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: method === 'POST' ? body.toString() : undefined,
      signal: AbortSignal.timeout(transport.timeoutMs),
    });
  } catch (cause) {
    // The cause may quote the URL, which carries the session name for GET operations.
    const reason = cause instanceof Error ? redactText(cause.message) : 'unknown error';
    throw new XTigerError('VTIGER_WS_HTTP', `Vtiger webservice ${ctx.operation} could not reach ${transport.endpoint}: ${reason}`, {
      details: { operation: ctx.operation, module: ctx.module, recordId: ctx.recordId },
    });
  }
  const text = await response.text();
  if (response.status !== 200) throw webserviceHttpError(ctx, response.status, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw webserviceHttpError(ctx, response.status, text);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { success?: unknown }).success !== 'boolean') {
    throw webserviceHttpError(ctx, response.status, text);
  }
  return parsed as WsEnvelope<T>;
}

import { XTigerError } from '../../../errors/XTigerError.js';
import { createVtigerWebserviceClient, type VtigerWebserviceClient } from '../../../vtiger/webservice/index.js';
import type { XeroAccountingApi } from '../../../xero/api/XeroAccountingApi.js';
import type { SyncHarness } from './syncHarness.js';

/**
 * Fault injection for sync tests, in front of the real client code: a `fetch` for the Vtiger webservice client
 * that answers chosen writes like a broken Vtiger (the empty HTTP 500 of a PHP error, or no answer at all), and a
 * Xero API whose chosen calls fail with a typed error (a timeout, a lost connection).
 */
export interface VtigerFaults {
  /** Webservice ids (`14x12`) whose revise answers an empty HTTP 500. */
  http500For: Set<string>;
  /** After this many write calls, every further call finds no Vtiger (connection refused). */
  unreachableAfterWrites?: number;
  /** Write calls that reached the double (for "nothing written after the stop"). */
  writesSent: number;
}

const WRITES = new Set(['create', 'revise', 'update', 'delete']);

export function faultyFetch(faults: VtigerFaults): typeof fetch {
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
    const operation = body?.get('operation') ?? '';
    if (WRITES.has(operation)) {
      if (faults.unreachableAfterWrites !== undefined && faults.writesSent >= faults.unreachableAfterWrites) throw new TypeError('fetch failed');
      const element = JSON.parse(body?.get('element') ?? '{}') as { id?: string };
      faults.writesSent += 1;
      if (element.id && faults.http500For.has(element.id)) return new Response('', { status: 500 });
    }
    return globalThis.fetch(input, init);
  };
}

export async function faultyVtiger(h: SyncHarness, faults: VtigerFaults): Promise<VtigerWebserviceClient> {
  return createVtigerWebserviceClient({ knex: h.db.knex, url: h.double.url, userName: 'admin', fetch: faultyFetch(faults) });
}

/** Wraps one write method of the Xero API: `fail(n)` decides for the n-th call (from 1) whether it throws `error`. */
export function failingXero(api: XeroAccountingApi, method: 'saveItems' | 'saveContacts', fail: (n: number) => boolean, error: () => XTigerError): XeroAccountingApi {
  let n = 0;
  const original = api[method].bind(api) as (...args: unknown[]) => Promise<unknown>;
  (api as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    n += 1;
    return fail(n) ? Promise.reject(error()) : original(...args);
  };
  return api;
}

export const xeroTimeout = (): XTigerError => new XTigerError('XERO_TIMEOUT', 'Xero did not answer in time (create items).');
export const xeroUnauthorised = (): XTigerError => new XTigerError('XERO_AUTH', 'Xero refused the access token (401).');

import type { Knex } from 'knex';
import type { XTigerError } from '../../errors/XTigerError.js';
import { isXTigerError } from '../../errors/XTigerError.js';
import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';
import type { WebserviceIds } from '../../vtiger/webservice/webserviceIds.js';
import type { VtigerRecord } from '../types.js';
import type { PairSetup } from './pairSetup.js';
import { writeXeroInformation } from './xeroInformation.js';

/**
 * Writes to Vtiger's core modules go through the webservice (so Vtiger's own save runs: record numbers,
 * history, workflows). A create is followed at once by the Xero ID in the record's Xero Information block, so a
 * run killed before it stored the link recognises the record next time instead of creating it again.
 * Record-level refusals are values; an unreachable Vtiger stops the pair (thrown).
 */
export interface VtigerWrite {
  /** Undefined: create. */
  crmid: number | undefined;
  element: VtigerRecord;
  /** For a create: the Xero record it comes from. */
  xeroId?: string;
  /** For a Contact created from a ContactPerson: its organization. */
  organizationCrmid?: number;
}

export type VtigerWriteResult = { ok: true; crmid: number } | { ok: false; message: string; code: string };

export interface VtigerWriter {
  client: VtigerWebserviceClient;
  ids: WebserviceIds;
  knex: Knex;
  userId: number;
  now: () => Date;
}

/** Only fields a webservice save writes: not read-only ones, not record numbers. */
function writable(setup: PairSetup, element: VtigerRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(element)) {
    const field = setup.meta.fields.find((f) => f.name === name);
    if (!field || field.uitype === 4 || field.readOnly || ![1, 3].includes(field.displaytype)) continue;
    out[name] = value ?? '';
  }
  return out;
}

function isFatal(error: XTigerError): boolean {
  return error.code === 'VTIGER_WS_HTTP' || error.code === 'VTIGER_WS_LOGIN_FAILED';
}

async function writeOne(writer: VtigerWriter, setup: PairSetup, write: VtigerWrite): Promise<VtigerWriteResult> {
  const element: Record<string, unknown> = writable(setup, write.element);
  try {
    if (write.crmid !== undefined) {
      await writer.client.revise({ ...element, id: writer.ids.toWsId(setup.module, write.crmid) });
      return { ok: true, crmid: write.crmid };
    }
    element['assigned_user_id'] = writer.ids.toWsId('Users', writer.userId);
    if (write.organizationCrmid !== undefined) element['account_id'] = writer.ids.toWsId('Accounts', write.organizationCrmid);
    const created = await writer.client.create(setup.module, element);
    const crmid = writer.ids.toCrmId(created.id);
    if (write.xeroId) await writeXeroInformation(writer.knex, setup.module, [{ crmid, xeroId: write.xeroId, status: 'Not synced' }], writer.now());
    return { ok: true, crmid };
  } catch (error) {
    if (!isXTigerError(error) || isFatal(error)) throw error;
    return { ok: false, message: error.message, code: error.code };
  }
}

/**
 * Runs the writes in parallel on the client's webservice sessions; results in input order. Every write is tried
 * and keeps its own result; an unreachable Vtiger is thrown once all of them have been tried.
 */
export async function writeToVtiger(writer: VtigerWriter, setup: PairSetup, writes: readonly VtigerWrite[]): Promise<VtigerWriteResult[]> {
  const settled = await writer.client.writeEach(writes, (write) => writeOne(writer, setup, write));
  const thrown = settled.find((s) => !s.ok);
  if (thrown && !thrown.ok) throw thrown.error;
  return settled.map((s) => (s as { ok: true; value: VtigerWriteResult }).value);
}

export function vtigerUnreachable(error: unknown): error is XTigerError {
  return isXTigerError(error) && isFatal(error);
}

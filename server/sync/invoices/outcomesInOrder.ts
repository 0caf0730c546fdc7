import type { VtigerWebserviceClient } from '../../vtiger/webservice/VtigerWebserviceClient.js';

/** A record's outcome: known at once, or known once its Vtiger write is done. */
export type OutcomeSlot<T> = { ready: T } | { write: () => Promise<T> };

/**
 * The outcomes of a page of records, in record order. The writes run in parallel on the webservice client's
 * sessions; each write answers its own outcome (a refused write is a failed outcome, not an error). Something
 * thrown (a bug, not a refusal) is rethrown once every write has been tried.
 */
export async function outcomesInOrder<T>(vtiger: VtigerWebserviceClient, slots: ReadonlyArray<OutcomeSlot<T>>): Promise<T[]> {
  const writes = slots.flatMap((slot, at) => ('write' in slot ? [{ at, write: slot.write }] : []));
  const settled = await vtiger.writeEach(writes, (w) => w.write());
  const written = new Map<number, T>();
  settled.forEach((result, i) => {
    if (!result.ok) throw result.error;
    written.set((writes[i] as { at: number }).at, result.value);
  });
  return slots.map((slot, at) => ('ready' in slot ? slot.ready : (written.get(at) as T)));
}

/** One item's result: its value, or what it failed with (a failure belongs to its item alone). */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `work` for every item with at most `limit` in flight, and answers every item's result in input order.
 * A failure never stops the other items: each is tried, whatever happened to the ones before it.
 */
export async function settleEach<I, T>(items: readonly I[], limit: number, work: (item: I, index: number) => Promise<T>): Promise<Array<Settled<T>>> {
  const results = new Array<Settled<T>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await work(items[index] as I, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

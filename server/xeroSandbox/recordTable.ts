/** An insertion-ordered table of records keyed by their GUID, the storage behind each Xero collection. */
export class RecordTable<T extends object> {
  private readonly rows = new Map<string, T>();
  /** Told of every insert or replace (the sandbox's webhooks listen here). */
  onPut: ((record: T, created: boolean) => void) | undefined;

  constructor(private readonly idOf: (record: T) => string) {}

  get size(): number {
    return this.rows.size;
  }

  /** By id (GUIDs compare case-insensitively, as Xero's do). */
  get(id: string): T | undefined {
    return this.rows.get(id.toLowerCase());
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  find(predicate: (record: T) => boolean): T | undefined {
    for (const row of this.rows.values()) if (predicate(row)) return row;
    return undefined;
  }

  /** Inserts or replaces the record under its id. */
  put(record: T): T {
    const key = this.idOf(record).toLowerCase();
    const created = !this.rows.has(key);
    this.rows.set(key, record);
    this.onPut?.(record, created);
    return record;
  }
}

/** One accounting call as the operation handlers see it: the organisation, path captures, query and body. */
import type { OrgStore } from '../orgStore.js';
import { parseIfModifiedSince } from '../xeroFormats.js';

export class QueryParams {
  private readonly values = new Map<string, string>();

  constructor(query: Record<string, unknown>) {
    // Xero's parameter names are case-insensitive (IDs / ids, Statuses / statuses).
    for (const [k, v] of Object.entries(query)) {
      const value = Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : undefined;
      if (value !== undefined) this.values.set(k.toLowerCase(), value);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  list(name: string): string[] | undefined {
    const v = this.get(name);
    return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    return v === undefined ? fallback : v.toLowerCase() === 'true';
  }

  int(name: string): number | undefined {
    const v = this.get(name);
    const n = v === undefined ? NaN : Number.parseInt(v, 10);
    return Number.isFinite(n) ? n : undefined;
  }

  /** 4 with `unitdp=4`, else 2: the decimal places of unit amounts. */
  unitdp(): number {
    return this.int('unitdp') === 4 ? 4 : 2;
  }
}

export interface CallContext {
  org: OrgStore;
  method: string;
  /** Values captured from the path template (e.g. the ContactID). */
  params: string[];
  query: QueryParams;
  ifModifiedSince: number | undefined;
  body: unknown;
  /** Records written by this call, for the sandbox's statistics. */
  written: number;
}

export function callContext(org: OrgStore, method: string, params: string[], query: Record<string, unknown>, ifModifiedSince: string | undefined, body: unknown): CallContext {
  return { org, method, params, query: new QueryParams(query), ifModifiedSince: parseIfModifiedSince(ifModifiedSince), body, written: 0 };
}

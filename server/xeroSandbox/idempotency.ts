/**
 * Xero's `Idempotency-Key` on PUT/POST: the first response to a key is kept (per organisation, 24 hours on the
 * sandbox clock) and a replay gets it again without writing. A replay that arrives while the first request is
 * still being answered waits for it. Reusing a key for a different request is refused, which catches a client
 * whose key derivation collides.
 */
import { createHash } from 'node:crypto';
import type { SandboxClock } from './clock.js';

export interface StoredResponse {
  status: number;
  body?: unknown;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  response: Promise<StoredResponse>;
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
const KEEP_MS = 24 * 3_600_000;

export type IdempotencyClaim =
  | { kind: 'first'; complete(response: StoredResponse): void; abandon(): void }
  | { kind: 'replay'; response: Promise<StoredResponse> }
  | { kind: 'mismatch' };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  replays = 0;

  constructor(private readonly clock: SandboxClock) {}

  claim(tenantId: string, key: string, method: string, path: string, body: unknown): IdempotencyClaim {
    const id = `${tenantId.toLowerCase()}\n${key}`;
    const fingerprint = createHash('sha256').update(`${method} ${path.toLowerCase()}\n${JSON.stringify(body ?? null)}`).digest('hex');
    const now = this.clock.now();
    const existing = this.entries.get(id);
    if (existing !== undefined && existing.expiresAt > now) {
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      this.replays++;
      return { kind: 'replay', response: existing.response };
    }
    let resolve: (r: StoredResponse) => void = () => undefined;
    const response = new Promise<StoredResponse>((r) => (resolve = r));
    this.entries.set(id, { fingerprint, expiresAt: now + KEEP_MS, response });
    return {
      kind: 'first',
      complete: (r) => resolve(r),
      abandon: () => {
        // The request never reached a handler (e.g. a simulated 500): the key stays free for a retry.
        this.entries.delete(id);
        resolve({ status: 500, body: undefined });
      },
    };
  }
}

/**
 * Fault injection for the next accounting calls that pass authentication and rate limits:
 * - '500': answer 500 without touching data;
 * - 'timeout': never answer (the socket stays open until the client gives up or the sandbox closes);
 * - 'network-drop-after-commit': do the work, keep the idempotent response, then destroy the socket — the lost
 *   response after a committed write that Idempotency-Key exists for.
 */
export type FaultKind = 'network-drop-after-commit' | '500' | 'timeout';

export class FaultPlan {
  private readonly queue: FaultKind[] = [];

  failNext(n: number, kind: FaultKind): void {
    for (let i = 0; i < n; i++) this.queue.push(kind);
  }

  take(): FaultKind | undefined {
    return this.queue.shift();
  }

  get pending(): number {
    return this.queue.length;
  }
}

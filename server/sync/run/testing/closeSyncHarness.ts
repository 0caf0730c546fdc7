import { expectNoContractViolations } from '../../../xeroSandbox/testing/useXeroSandbox.js';
import type { XeroSandbox } from '../../../xeroSandbox/index.js';

/** The afterAll of a sync test: the sandbox saw nothing outside Xero's contract, then everything is closed. */
export async function closeSyncHarness(h: { sandbox: XeroSandbox; close(): Promise<void> } | undefined): Promise<void> {
  if (!h) return;
  try {
    expectNoContractViolations(h.sandbox);
  } finally {
    await h.close();
  }
}

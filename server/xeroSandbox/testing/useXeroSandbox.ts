/**
 * Vitest helpers for any test file that talks to the sandbox. `useXeroSandbox()` starts one sandbox for the file
 * and, in afterAll, fails the file if any request or response broke the Xero contract, then closes it:
 *
 *   const ctx = useXeroSandbox({ clock: createVirtualClock() });
 *   it('…', async () => { const xero = sdkClientFor(ctx.sandbox); … });   // sdkClientFor: ./sdkClient.js
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startXeroSandbox, type XeroSandbox, type XeroSandboxOptions } from '../sandbox.js';

/** Fails with every violation listed (operation, direction, JSON path, message) when the contract was broken. */
export function expectNoContractViolations(sandbox: XeroSandbox): void {
  const lines = sandbox.contractViolations().map((v) => `${v.operation} ${v.direction}${v.status !== undefined ? ` ${v.status}` : ''} ${v.jsonPath || '/'}: ${v.message}`);
  expect(lines, 'Xero contract violations (xero_accounting.yaml)').toEqual([]);
}

export function useXeroSandbox(options: XeroSandboxOptions = {}): { readonly sandbox: XeroSandbox } {
  let sandbox: XeroSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startXeroSandbox(options);
  });
  afterAll(async () => {
    if (sandbox === undefined) return;
    try {
      expectNoContractViolations(sandbox);
    } finally {
      await sandbox.close();
    }
  });
  return {
    get sandbox(): XeroSandbox {
      if (sandbox === undefined) throw new Error('The sandbox starts in beforeAll: use it inside a test');
      return sandbox;
    },
  };
}

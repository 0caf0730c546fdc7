/** What saving one element of a batch gives: the stored record, or Xero's validation messages for it. */
export type ElementOutcome<T> = { ok: true; record: T } | { ok: false; errors: string[] };

export type WriteInput = Record<string, unknown>;

/** Xero's wording for a field over its length limit. */
export function checkLength(errors: string[], input: WriteInput, field: string, max: number, label = field): void {
  const value = input[field];
  if (typeof value === 'string' && value.length > max) errors.push(`${label} must not be more than ${max} characters long.`);
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Fields Xero computes or owns: ignored when a client sends them back. */
export function withoutSystemFields(input: WriteInput, extra: readonly string[] = []): WriteInput {
  const drop = new Set(['UpdatedDateUTC', 'ValidationErrors', 'HasValidationErrors', 'StatusAttributeString', 'Warnings', 'HasAttachments', 'HasErrors', ...extra]);
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => !drop.has(k) && v !== undefined && v !== null));
}

export const sameText = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

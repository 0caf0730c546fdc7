/**
 * Per-element outcomes of a batch write sent with `summarizeErrors=false`: Xero answers 200 and returns every
 * element in the order sent, each with `StatusAttributeString` (OK/ERROR), `ValidationErrors[]` and `Warnings[]`.
 * An element that Xero rejected is a value here (`ok: false`), never an exception: the other elements of the
 * batch were created and the sync engine records each outcome.
 */
export interface XeroElementError {
  code: 'XERO_VALIDATION';
  /** Position in the list the caller passed (across all batches). */
  index: number;
  /** The element in the user's words: `contact "Acme Ltd" (contact number C-1001)`. */
  label: string;
  /** The field Xero complains about, when its message names one of the element's fields (`Name`, `EmailAddress`). */
  field: string | undefined;
  /** Xero's messages for this element. */
  messages: string[];
  /** One line for logs and the UI: `contact "Acme Ltd" (#3), field EmailAddress: Email address must be valid.` */
  message: string;
}

export type ElementResult<T> =
  | { ok: true; index: number; value: T; warnings: string[] }
  | { ok: false; index: number; error: XeroElementError; warnings: string[] };

export interface BatchWriteResult<T> {
  results: Array<ElementResult<T>>;
  /** The elements Xero accepted, in order. */
  succeeded: T[];
  /** The elements Xero rejected, in order. */
  failed: XeroElementError[];
  /** Calls made (batches of ≤ 50). */
  calls: number;
}

interface SdkElement {
  statusAttributeString?: string;
  hasValidationErrors?: boolean;
  validationErrors?: Array<{ message?: string }>;
  warnings?: Array<{ message?: string }>;
}

/** Pairs the returned elements with the ones sent (same order) and sorts them into values and element errors. */
export function elementResults<In, Out extends object>(
  sent: In[],
  returned: Out[],
  firstIndex: number,
  describe: (element: In) => string,
): Array<ElementResult<Out>> {
  return returned.map((raw, i) => {
    const el = raw as SdkElement;
    const index = firstIndex + i;
    const warnings = (el.warnings ?? []).map((w) => w.message ?? '').filter(Boolean);
    const messages = (el.validationErrors ?? []).map((v) => v.message ?? '').filter(Boolean);
    const failed = el.statusAttributeString === 'ERROR' || el.hasValidationErrors === true || messages.length > 0;
    if (!failed) return { ok: true as const, index, value: stripStatus(raw), warnings };
    const input = sent[i];
    const label = input === undefined ? `element #${index + 1}` : describe(input);
    const field = input && typeof input === 'object' ? fieldNamedIn(messages, input as Record<string, unknown>) : undefined;
    const text = messages.length ? messages.join(' ') : 'Xero rejected it without a reason.';
    return {
      ok: false as const,
      index,
      warnings,
      error: {
        code: 'XERO_VALIDATION' as const,
        index,
        label,
        field,
        messages: messages.length ? messages : ['Xero rejected it without a reason.'],
        message: `${label} (#${index + 1})${field ? `, field ${field}` : ''}: ${text}`,
      },
    };
  });
}

function stripStatus<T extends object>(value: T): T {
  const copy = { ...value } as Record<string, unknown>;
  delete copy['statusAttributeString'];
  delete copy['validationErrors'];
  delete copy['hasValidationErrors'];
  delete copy['warnings'];
  return copy as T;
}

/**
 * Xero's validation messages name fields in words ("Email address must be valid", "The Code must be no longer
 * than 30 characters"): the field of the element whose name, spelled as words, appears in the message. Longest
 * match wins (`ContactNumber` before `Name`).
 */
export function fieldNamedIn(messages: string[], element: Record<string, unknown>): string | undefined {
  const text = ` ${messages.join(' ').toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  const candidates = Object.keys(element)
    .filter((k) => element[k] !== undefined && element[k] !== null && typeof element[k] !== 'object')
    .map((k) => ({ key: k, words: k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase() }))
    .sort((a, b) => b.words.length - a.words.length);
  for (const c of candidates) {
    const glued = c.words.replace(/ /g, '');
    if (text.includes(` ${c.words} `) || text.includes(` ${glued} `)) return pascal(c.key);
  }
  return undefined;
}

function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/**
 * Xero addresses have four lines (AddressLine1..4, 500 characters each); a Vtiger street is one multi-line
 * text. Vtiger → Xero: one line each, a fifth and later line joined onto line 4 with ", ". Xero → Vtiger: the
 * non-empty lines joined with newlines. A Vtiger PO box (Xero has no field for it) is written as the last
 * line when there is room, and a last line that reads as a PO box ("PO Box 12", "P.O. Box 12", "PO 12",
 * "Postfach 12", "私書箱12") is read back as the PO box.
 */
export const MAX_ADDRESS_LINES = 4;

const PO_BOX_LINE = /^(p\.?\s?o\.?\s?box\b|p\.?\s?o\.?\s+\d|postfach\b|私書箱)/i;

export function isPoBoxLine(line: string): boolean {
  return PO_BOX_LINE.test(line.trim());
}

function streetToLines(street: string | null | undefined): string[] {
  return (street ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Xero's AddressLine1..4 for a Vtiger street and PO box. */
export function toAddressLines(street: string | null | undefined, poBox?: string | null): string[] {
  const lines = streetToLines(street);
  const box = (poBox ?? '').trim();
  if (box !== '') lines.push(box);
  if (lines.length <= MAX_ADDRESS_LINES) return lines;
  return [...lines.slice(0, MAX_ADDRESS_LINES - 1), lines.slice(MAX_ADDRESS_LINES - 1).join(', ')];
}

/** The Vtiger street (and PO box, when `splitPoBox`) for Xero's address lines. */
export function fromAddressLines(lines: Array<string | null | undefined>, splitPoBox: boolean): { street: string | null; poBox: string | null } {
  const present = lines.map((l) => (l ?? '').trim()).filter((l) => l !== '');
  let poBox: string | null = null;
  const last = present[present.length - 1];
  if (splitPoBox && last !== undefined && isPoBoxLine(last)) {
    poBox = last;
    present.pop();
  }
  return { street: present.length > 0 ? present.join('\n') : null, poBox };
}

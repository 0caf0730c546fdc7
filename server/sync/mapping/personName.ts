/**
 * Person names. Xero keeps FirstName/LastName and a Name that must be unique among active contacts; Vtiger
 * keeps firstname/lastname (lastname mandatory). Name = "First Last"; a Name alone is split at its last space
 * (first = everything before, last = the final word; one word is a last name).
 */
export function joinPersonName(first: string | null | undefined, last: string | null | undefined): string {
  return [first, last]
    .map((p) => (p ?? '').trim())
    .filter((p) => p !== '')
    .join(' ');
}

export function splitPersonName(name: string | null | undefined): { first: string | null; last: string | null } {
  const text = (name ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return { first: null, last: null };
  const at = text.lastIndexOf(' ');
  if (at < 0) return { first: null, last: text };
  return { first: text.slice(0, at), last: text.slice(at + 1) };
}

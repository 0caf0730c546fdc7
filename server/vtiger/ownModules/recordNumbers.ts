/**
 * CRMEntity::setModuleSeqNumber('increment'): a record gets `prefix + cur_id`, and cur_id becomes cur_id + 1,
 * keeping leading zeros as long as the number fits ("0009" → "0010", "9" → "10"). `count` numbers at once.
 */
export function allocateRecordNumbers(prefix: string, curId: string, count: number): { numbers: string[]; nextCurId: string } {
  if (!/^\d+$/.test(curId)) throw new Error(`record numbering for prefix ${prefix}: cur_id "${curId}" is not a number`);
  const numbers: string[] = [];
  let cur = curId;
  for (let i = 0; i < count; i += 1) {
    numbers.push(prefix + cur);
    cur = incrementKeepingWidth(cur);
  }
  return { numbers, nextCurId: cur };
}

function incrementKeepingWidth(cur: string): string {
  const next = (BigInt(cur) + 1n).toString();
  return next.length >= cur.length ? next : next.padStart(cur.length, '0');
}

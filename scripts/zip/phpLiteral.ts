/**
 * Renders plain data (strings, numbers, booleans, null, arrays, records) as a PHP literal, so data that is defined
 * once in TypeScript can ship inside the module zip as a PHP file that `return`s it.
 */
export type PhpValue = string | number | boolean | null | readonly PhpValue[] | { readonly [key: string]: PhpValue };

export function phpLiteral(value: PhpValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`phpLiteral: ${value} has no PHP literal`);
    return String(value);
  }
  if (typeof value === 'string') return phpString(value);
  const inner = `${indent}\t`;
  if (Array.isArray(value)) {
    if (value.length === 0) return 'array()';
    return `array(\n${value.map((v) => `${inner}${phpLiteral(v as PhpValue, inner)},\n`).join('')}${indent})`;
  }
  const entries = Object.entries(value as Record<string, PhpValue>);
  if (entries.length === 0) return 'array()';
  return `array(\n${entries.map(([k, v]) => `${inner}${phpString(k)} => ${phpLiteral(v, inner)},\n`).join('')}${indent})`;
}

/** A single-quoted PHP string: only `\` and `'` need escaping there. */
export function phpString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

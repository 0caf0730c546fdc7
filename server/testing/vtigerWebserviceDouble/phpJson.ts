/**
 * JSON as Vtiger writes it (Zend_Json / PHP json_encode defaults): slashes escaped (`<\/b>`) and every
 * non-ASCII character as `\uXXXX` (surrogate pairs for characters outside the BMP).
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

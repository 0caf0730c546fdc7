import type { WsAnswer } from './replay.js';

/**
 * Compares what two webservices answered to the same call: HTTP status, content type, success flag, error code
 * and message, and the whole result, value by value — after ids are put back to the recorded ones (each side
 * hands out its own) and the values that differ by nature are set aside: times, challenge tokens, session names.
 * Fields of `describe` are compared by name (their order follows whichever index MariaDB picks).
 */
export interface AnswerDifference {
  /** Where in the answer: `status`, `error.code`, `result.lastname`, `result[3].id`, `result.fields.email.type`. */
  path: string;
  real: string;
  double: string;
}

/** Values that differ between any two calls by nature: when they ran, and the secrets of a session. */
const VOLATILE_KEYS = new Set(['token', 'serverTime', 'expireTime', 'sessionName', 'createdtime', 'modifiedtime']);

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 160));

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** describe's `fields` as an object keyed by field name. */
function fieldsByName(value: unknown): unknown {
  if (!Array.isArray(value) || !value.every((f) => isObject(f) && typeof f['name'] === 'string')) return value;
  return Object.fromEntries((value as Array<Record<string, unknown>>).map((f) => [f['name'] as string, f]));
}

function diff(path: string, real: unknown, double: unknown, out: AnswerDifference[]): void {
  if (isObject(real) && isObject(double)) {
    for (const key of [...new Set([...Object.keys(real), ...Object.keys(double)])].sort()) {
      if (VOLATILE_KEYS.has(key) && key in real && key in double) continue;
      const [r, d] = key === 'fields' ? [fieldsByName(real[key]), fieldsByName(double[key])] : [real[key], double[key]];
      diff(`${path}.${key}`, r, d, out);
    }
    return;
  }
  if (Array.isArray(real) && Array.isArray(double)) {
    if (real.length !== double.length) out.push({ path: `${path}.length`, real: String(real.length), double: String(double.length) });
    for (let i = 0; i < Math.min(real.length, double.length); i++) diff(`${path}[${i}]`, real[i], double[i], out);
    return;
  }
  if (JSON.stringify(real) !== JSON.stringify(double)) out.push({ path, real: show(real), double: show(double) });
}

/** `unmapReal`/`unmapDouble` turn each side's record ids back into the recorded ones. */
export function compareAnswers(real: WsAnswer, double: WsAnswer, unmapReal: (text: string) => string, unmapDouble: (text: string) => string): AnswerDifference[] {
  const out: AnswerDifference[] = [];
  if (real.status !== double.status) out.push({ path: 'status', real: String(real.status), double: String(double.status) });
  const type = (a: WsAnswer) => a.contentType.split(';')[0]?.trim() ?? '';
  if (type(real) !== type(double)) out.push({ path: 'content-type', real: real.contentType, double: double.contentType });
  if (!real.json || !double.json) {
    if (real.body !== double.body) out.push({ path: 'body', real: show(real.body), double: show(double.body) });
    return out;
  }
  const realJson = JSON.parse(unmapReal(JSON.stringify(real.json))) as NonNullable<WsAnswer['json']>;
  const doubleJson = JSON.parse(unmapDouble(JSON.stringify(double.json))) as NonNullable<WsAnswer['json']>;
  if (realJson.success !== doubleJson.success) {
    out.push({ path: 'success', real: `${realJson.success} ${show(realJson.error)}`, double: `${doubleJson.success} ${show(doubleJson.error)}` });
    return out;
  }
  if (!realJson.success) {
    diff('error', realJson.error, doubleJson.error, out);
    return out;
  }
  diff('result', realJson.result, doubleJson.result, out);
  return out;
}

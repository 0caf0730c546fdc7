/**
 * A PUT/POST of a batch of elements, in both of Xero's error modes. Elements are saved in order (so a later one
 * sees an earlier one's name), valid elements are kept either way:
 * - summarizeErrors=true (default): any invalid element turns the answer into 400 ValidationException whose
 *   Elements are the invalid ones echoed with ValidationErrors — the ids of the saved ones are not returned;
 * - summarizeErrors=false: 200 with every element in order, StatusAttributeString OK or ERROR.
 */
import type { ElementOutcome, WriteInput } from '../resources/elementOutcome.js';
import { msDate, parseWriteDate } from '../xeroFormats.js';
import type { CallContext } from './callContext.js';
import { envelope, postDataInvalid, validationException, type ApiResult } from './xeroResponses.js';

export interface BatchSpec<T> {
  /** The body's array key, e.g. 'Contacts'. */
  key: string;
  save: (input: WriteInput) => ElementOutcome<T>;
  render: (record: T) => object;
  /** The element's own "has errors" flag in the contract, if it has one (Contact: HasValidationErrors). */
  errorFlag?: string;
  /** For POST /Contacts/{id} and the like: the id field set from the path on the single element. */
  pathId?: { field: string; value: string };
  /** Accept a bare element (POST /Payments takes one Payment). */
  acceptSingle?: boolean;
  summarizeErrorsAllowed?: boolean;
}

const DATE_FIELDS = ['Date', 'DueDate', 'ExpectedPaymentDate', 'PlannedPaymentDate', 'FullyPaidOnDate'];

/** An invalid element as Xero echoes it: as sent, but with its dates in Xero's own `/Date()/` form. */
function echoed(input: WriteInput): WriteInput {
  const out: WriteInput = { ...input };
  delete out['UpdatedDateUTC'];
  for (const field of DATE_FIELDS) {
    if (out[field] === undefined) continue;
    const day = parseWriteDate(out[field]);
    if (day === undefined) delete out[field];
    else out[field] = msDate(day);
  }
  return out;
}

export function batchWrite<T>(call: CallContext, spec: BatchSpec<T>): ApiResult {
  const body = call.body as Record<string, unknown> | undefined;
  let elements: unknown = body?.[spec.key];
  if (elements === undefined && spec.acceptSingle === true && body !== undefined && typeof body === 'object') elements = [body];
  if (!Array.isArray(elements)) return postDataInvalid(`The request body must hold a "${spec.key}" array.`);
  const inputs = (elements as unknown[]).map((e) => (e !== null && typeof e === 'object' ? { ...(e as WriteInput) } : {}));
  if (spec.pathId !== undefined) for (const input of inputs) input[spec.pathId.field] = spec.pathId.value;

  const summarize = spec.summarizeErrorsAllowed === false ? true : call.query.bool('summarizeErrors', true);
  const results = inputs.map((input) => ({ input, outcome: spec.save(input) }));
  call.written += results.filter((r) => r.outcome.ok).length;
  const echo = (input: WriteInput, errors: string[]) => ({
    ...echoed(input),
    ...(summarize ? {} : { StatusAttributeString: 'ERROR' }),
    ...(spec.errorFlag !== undefined ? { [spec.errorFlag]: true } : {}),
    ValidationErrors: errors.map((Message) => ({ Message })),
  });
  if (summarize) {
    const failed = results.filter((r) => !r.outcome.ok).map((r) => echo(r.input, r.outcome.ok ? [] : r.outcome.errors));
    if (failed.length > 0) return validationException(failed);
    return envelope(call.org.now(), spec.key, results.map((r) => (r.outcome.ok ? spec.render(r.outcome.record) : {})));
  }
  return envelope(
    call.org.now(),
    spec.key,
    results.map((r) => (r.outcome.ok ? { ...spec.render(r.outcome.record), StatusAttributeString: 'OK' } : echo(r.input, r.outcome.errors))),
  );
}

import { XTigerError } from '../../errors/XTigerError.js';

/** What a failed call was doing, for error messages and details (never parameters or secrets). */
export interface WsCallContext {
  operation: string;
  module?: string;
  recordId?: string;
}

/** The phrases Vtiger 8.2 uses to name a field (see webservice-behaviour/README.md, "Error codes seen"). */
const FIELD_IN_MESSAGE: RegExp[] = [/^(\S+) does not have a value$/, /^Invalid reference specified for (\S+)$/];

/** ACCESS_DENIED with this exact text is how Vtiger says "no such record" (missing or deleted). */
const RECORD_MISSING_MESSAGE = 'Permission to perform the operation is denied';

export function fieldNamedIn(message: string): string | undefined {
  for (const pattern of FIELD_IN_MESSAGE) {
    const m = pattern.exec(message.trim());
    if (m?.[1]) return m[1];
  }
  return undefined;
}

function describeCall(ctx: WsCallContext): string {
  const target = ctx.recordId ? ` of record ${ctx.recordId}` : '';
  const module = ctx.module ? ` ${ctx.module}` : '';
  return `Vtiger webservice ${ctx.operation}${module}${target}`;
}

/** Turns Vtiger's `{success:false, error:{code,message}}` into a typed error that keeps Vtiger's code and the field. */
export function webserviceErrorFrom(ctx: WsCallContext, error: { code: string | number; message: string }): XTigerError {
  const vtigerCode = String(error.code);
  const message = String(error.message ?? '');
  const field = fieldNamedIn(message);
  const details: Record<string, unknown> = { vtigerCode, vtigerMessage: message, operation: ctx.operation };
  if (field) details['field'] = field;
  if (ctx.module) details['module'] = ctx.module;
  if (ctx.recordId) details['recordId'] = ctx.recordId;

  if (vtigerCode === 'ACCESS_DENIED' && message === RECORD_MISSING_MESSAGE && ctx.recordId) {
    return new XTigerError(
      'VTIGER_RECORD_NOT_FOUND',
      `${describeCall(ctx)} failed: the record does not exist or was deleted (Vtiger answered ACCESS_DENIED).`,
      { details },
    );
  }
  const unknownModule = /denied for name : (\S+)$/.exec(message);
  if (vtigerCode === 'ACCESS_DENIED' && unknownModule?.[1]) {
    details['module'] = unknownModule[1];
    return new XTigerError(
      'VTIGER_UNKNOWN_MODULE',
      `${describeCall(ctx)} failed: Vtiger has no module "${unknownModule[1]}" the user may use (Vtiger answered ACCESS_DENIED).`,
      { details },
    );
  }
  const unknownField = /^Permission to access '\.(.+)\.' attribute denied\.$/.exec(message);
  if (vtigerCode === 'ACCESS_DENIED' && unknownField?.[1]) {
    details['field'] = unknownField[1];
    return new XTigerError('VTIGER_UNKNOWN_FIELD', `${describeCall(ctx)} failed: ${ctx.module ?? 'the module'} has no field "${unknownField[1]}" the user may read.`, { details });
  }
  if (vtigerCode === '0' && /duplicate/i.test(message)) {
    details['duplicate'] = true;
    return new XTigerError('VTIGER_WS_ERROR', `${describeCall(ctx)} refused: a record with the same name exists (Vtiger: "${message}").`, {
      details,
    });
  }
  const about = field ? `field "${field}": ${message}` : message;
  return new XTigerError('VTIGER_WS_ERROR', `${describeCall(ctx)} failed (${vtigerCode}): ${about}`, { details });
}

/** An answer that is not Vtiger's JSON envelope: typically the empty HTTP 500 of a PHP error inside Vtiger. */
export function webserviceHttpError(ctx: WsCallContext, httpStatus: number, body: string, cause?: unknown): XTigerError {
  const empty = body.trim() === '';
  const what = empty
    ? `an empty HTTP ${httpStatus} (a PHP error inside Vtiger)`
    : `HTTP ${httpStatus} with a body that is not Vtiger's JSON answer`;
  return new XTigerError('VTIGER_WS_HTTP', `${describeCall(ctx)} failed with ${what}.`, {
    details: { operation: ctx.operation, module: ctx.module, recordId: ctx.recordId, httpStatus, emptyBody: empty },
    cause,
  });
}

export function isSessionError(error: { code: string | number }): boolean {
  return ['INVALID_SESSIONID', 'AUTHENTICATION_REQUIRED', 'SESSION_EXPIRED', 'SESSION_LEFT_IDLE'].includes(String(error.code));
}

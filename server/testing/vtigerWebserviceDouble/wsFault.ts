/** A handled webservice error: HTTP 200 with `{"success":false,"error":{"message","code"}}`. */
export class WsFault extends Error {
  constructor(
    readonly code: string | number,
    message: string,
  ) {
    super(message);
    this.name = 'WsFault';
  }
}

/** A PHP error inside Vtiger (TypeError, unknown named parameter…): an empty HTTP 500. */
export class PhpFatal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PhpFatal';
  }
}

/** The messages Vtiger 8.2 uses (webservice-behaviour/README.md). */
export const DENIED = 'Permission to perform the operation is denied';
export const DENIED_FOR_ID = 'Permission to perform the operation is denied for id';

export const fault = {
  denied: () => new WsFault('ACCESS_DENIED', DENIED),
  deniedForId: () => new WsFault('ACCESS_DENIED', DENIED_FOR_ID),
  mandatory: (field: string) => new WsFault('MANDATORY_FIELDS_MISSING', `${field} does not have a value`),
  referenceInvalid: (field: string) => new WsFault('REFERENCE_INVALID', `Invalid reference specified for ${field}`),
  wrongPrefix: () => new WsFault('INVALID_ID_ATTRIBUTE', 'Id specified is incorrect'),
  duplicate: () => new WsFault(0, 'Duplicate(s) detected!'),
};

/**
 * Where the contract check deliberately differs from xero_accounting.yaml 16.1.0, each with its reason.
 * Every entry here widens the contract; nothing narrows it.
 */
import { MS_DATE_PATTERN, type Direction } from './openApiToJsonSchema.js';

type Definitions = Record<string, unknown>;
type ObjectSchema = { properties?: Record<string, unknown>; additionalProperties?: unknown };

/** Fields xero-node 20 (generated from the 19.0.0 document) sends and reads that 16.1.0 does not name. */
export const SDK_20_FIELDS: Record<string, Record<string, unknown>> = {
  Invoice: { RoundingAmount: { type: 'number' }, EnteredTotal: { type: 'number' } },
  Item: { QuantityAvailable: { type: 'number' }, QuantityOnBackOrder: { type: 'number' } },
};

/**
 * Every Xero response wraps its array in an envelope the yaml leaves out:
 * `{"Id": "…", "Status": "OK", "ProviderName": "…", "DateTimeUTC": "/Date(…)/", "Contacts": […]}`
 * (see the yaml's own examples). Any schema with a top-level array of records is such an envelope.
 */
const ENVELOPE_FIELDS = {
  Id: { type: 'string', format: 'uuid' },
  Status: { type: 'string' },
  ProviderName: { type: 'string' },
  DateTimeUTC: { type: 'string', pattern: MS_DATE_PATTERN },
};
export const ENVELOPE_SCHEMAS = [
  'Organisations', 'TaxRates', 'Accounts', 'Currencies', 'Contacts', 'Items', 'Invoices', 'Payments', 'BankTransactions',
];

/**
 * Fields real Xero returns that the schemas leave out, each seen in the yaml's own response examples.
 * Responses only: a request carrying them would be misspelt or read-only, and Xero would ignore it.
 */
export const DOCUMENTED_RESPONSE_FIELDS: Record<string, Record<string, unknown>> = {
  Invoice: { DateString: { type: 'string' }, DueDateString: { type: 'string' } },
  BankTransaction: {
    DateString: { type: 'string' },
    BatchPayment: { $ref: '#/definitions/BatchPayment' },
    Attachments: { type: 'array', items: { $ref: '#/definitions/Attachment' } },
  },
  LineItem: { ValidationErrors: { type: 'array', items: { $ref: '#/definitions/ValidationError' } } },
  ContactGroup: { HasValidationErrors: { type: 'boolean' } },
  // Misspelt so in getContacts' example; kept rather than declaring Xero's own example wrong.
  Contact: { TaxNumbeType: { type: 'string' } },
  // A batch payment nested in a payment carries these as strings ("50.00", "false") in Xero's examples.
  BatchPayment: { TotalAmount: { type: ['number', 'string'] }, IsReconciled: { type: ['boolean', 'string'] } },
};

/**
 * Operations whose request body Xero takes in more than one shape: POST /Payments (createPayment) is
 * documented with a single Payment (what xero-node sends) and exemplified with `{"Payments": [...]}`.
 */
export const REQUEST_SCHEMA_ALTERNATIVES: Record<string, string[]> = {
  createPayment: ['Payment', 'Payments'],
};

export function applyAllowances(defs: Definitions, direction: Direction): void {
  const obj = (name: string): ObjectSchema => defs[name] as ObjectSchema;
  for (const [schema, fields] of Object.entries(SDK_20_FIELDS)) Object.assign(obj(schema).properties ?? {}, fields);
  if (direction === 'response') {
    for (const [schema, fields] of Object.entries(DOCUMENTED_RESPONSE_FIELDS)) Object.assign(obj(schema).properties ?? {}, fields);
    for (const schema of ENVELOPE_SCHEMAS) Object.assign(obj(schema).properties ?? {}, ENVELOPE_FIELDS);
    // A 400 ValidationException echoes each failing element whole (all of its fields, with ValidationErrors on
    // nested objects too, as the yaml's own 400 examples show), while `Element` names only the ids: leave it open.
    obj('Element').additionalProperties = true;
  }
}

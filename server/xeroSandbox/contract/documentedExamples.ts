/**
 * The request and response examples xero_accounting.yaml documents for the operations the sandbox serves.
 * The contract check must accept all of them: it may not be stricter than Xero's own documentation.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { XERO_ACCOUNTING_YAML } from './contractValidator.js';

export const SANDBOX_OPERATION_PATHS = [
  '/Organisation', '/TaxRates', '/Accounts', '/Accounts/{AccountID}', '/Currencies', '/Contacts', '/Contacts/{ContactID}',
  '/Items', '/Items/{ItemID}', '/Invoices', '/Invoices/{InvoiceID}', '/Payments', '/Payments/{PaymentID}',
  '/BankTransactions', '/BankTransactions/{BankTransactionID}',
];

export interface DocumentedExample {
  method: string;
  template: string;
  /** A concrete path for the template (placeholders filled with a GUID). */
  path: string;
  direction: 'request' | 'response';
  status?: number;
  body: unknown;
}

type Content = { ['application/json']?: { example?: unknown; examples?: Record<string, { value?: unknown }> } };
type Op = { requestBody?: { content?: Content }; responses?: Record<string, { $ref?: string; content?: Content }> };

function examplesOf(content: Content | undefined): unknown[] {
  const json = content?.['application/json'];
  if (json === undefined) return [];
  const raw = [json.example, ...Object.values(json.examples ?? {}).map((e) => e.value)].filter((e) => e !== undefined);
  return raw.map((e) => (typeof e === 'string' ? (JSON.parse(e) as unknown) : e));
}

export function documentedExamples(): DocumentedExample[] {
  const doc = YAML.parse(readFileSync(XERO_ACCOUNTING_YAML, 'utf8')) as {
    paths: Record<string, Record<string, Op>>;
    components: { responses: Record<string, { content?: Content }> };
  };
  const out: DocumentedExample[] = [];
  for (const template of SANDBOX_OPERATION_PATHS) {
    const path = template.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000001');
    for (const [method, op] of Object.entries(doc.paths[template] ?? {})) {
      if (typeof op !== 'object' || !('responses' in op)) continue;
      for (const body of examplesOf(op.requestBody?.content)) out.push({ method: method.toUpperCase(), template, path, direction: 'request', body });
      for (const [code, response] of Object.entries(op.responses ?? {})) {
        const resolved = response.$ref !== undefined ? doc.components.responses[response.$ref.split('/').pop() as string] : response;
        for (const body of examplesOf(resolved?.content)) out.push({ method: method.toUpperCase(), template, path, direction: 'response', status: Number(code), body });
      }
    }
  }
  return out;
}

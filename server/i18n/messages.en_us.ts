/**
 * English messages of the backend (XTLog messages, e-mails, errors shown in Vtiger). Keys are stable; `{name}`
 * placeholders are filled by `translate`. The Japanese catalogue (messages.ja_jp.ts) must have the same keys:
 * a test checks it.
 */
import { authzMessagesEn } from './messages.authz.en_us.js';
import { invoiceMessagesEn } from './messages.invoices.en_us.js';
import { settingsMessagesEn } from './messages.settings.en_us.js';
import { syncRunMessagesEn } from './messages.syncRun.en_us.js';

export const en_us = {
  ...invoiceMessagesEn,
  ...settingsMessagesEn,
  ...syncRunMessagesEn,
  ...authzMessagesEn,
  'error.unexpected': 'XTiger hit an unexpected error; the details are in the backend log.',
  'error.signInFirst': 'Sign in to Vtiger first.',
  'error.adminOnly': 'Only a Vtiger administrator can do this.',
  'sync.skip.unchanged': 'No change since the last sync.',
  'sync.skip.echo': 'Skipped: the change is the one XTiger itself wrote in the last sync.',
  'sync.skip.notSelected': '{record} is not selected for sync by the {module} selection settings.',
  'sync.skip.directionExcludes': '{record} changed in {side}, but {module} syncs in the other direction only.',
  'sync.skip.vtigerDeleted': '{record} was deleted in Vtiger; the Xero record is kept because archiving on delete is off.',
  'sync.skip.xeroArchived': '{record} is archived in Xero.',
  'sync.skip.tooManyContactPersons': '{record} is not added to {organization} in Xero: a Xero contact holds at most {max} contact persons.',
  'sync.skip.organizationNotLinked': '{record} belongs to {organization}, which is not synced to Xero yet.',
  'sync.invalid.requiredForXero': '{record}: {field} is empty, but Xero needs it for {xeroField}.',
  'sync.invalid.requiredForVtiger': '{record}: Vtiger needs {field}, but the Xero record has no value for it.',
  'sync.invalid.tooLongForXero': '{record}: {field} is longer than the {max} characters Xero allows for {xeroField}.',
  'sync.invalid.badValue': '{record}: {field} holds "{value}", which is not a valid value of its type.',
  'sync.adjust.truncated': '{record}: {field} was cut to {max} characters to fit Vtiger.',
  'sync.adjust.unsupportedCharacters': '{record}: {field} had characters Vtiger cannot store (such as emoji); they were replaced with "?".',
  'sync.conflict.held': '{record}: {fields} changed in both Vtiger and Xero; nothing was written. Choose the side to keep in the log.',
  'sync.match.ambiguous': '{record}: several Xero records match by {by}; nothing was linked or created. Link it by hand.',
  'sync.done.createdInXero': '{record} was created in Xero.',
  'sync.done.updatedInXero': '{record} was updated in Xero: {fields}.',
  'sync.done.createdInVtiger': '{record} was created in Vtiger from Xero.',
  'sync.done.updatedInVtiger': '{record} was updated from Xero: {fields}.',
  'sync.done.linked': '{record} was linked to the existing Xero record that matches by {by}.',
  'sync.done.archivedInXero': '{record} was deleted in Vtiger; its Xero contact was archived.',
  'sync.done.removedFromOrganization': '{record} was removed from {organization} in Xero.',
  'sync.done.markedArchived': '{record} was archived in Xero; the Vtiger record is kept and marked "Not synced".',
  'sync.done.resolved': '{field} changed in both Vtiger ("{vtiger}") and Xero ("{xero}"); {winner} wins by the {policy} policy.',
  'sync.conflict.values': '{field}: Vtiger "{vtiger}", Xero "{xero}".',
  'sync.failed.xero': '{record}: Xero refused the change: {message}',
  'sync.failed.vtiger': '{record}: Vtiger refused the change: {message}',
  'sync.failed.unreachable': '{record}: the change could not be written ({message}); it will be retried.',
  'sync.queue.gaveUp': '{record} failed {attempts} times and is no longer retried. Fix the cause, then sync it again.',
  'sync.skip.itemNotArchivable': '{record} was deleted in Vtiger; Xero items cannot be archived through the API, so the item is kept.',
} as const;

export type MessageKey = keyof typeof en_us;

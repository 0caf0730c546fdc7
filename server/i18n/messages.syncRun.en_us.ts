/**
 * English messages of the sync run about dirty data (server/sync/run): records refused alone, ambiguity, records
 * waiting for a cause outside themselves, records needing action. Spread into messages.en_us.ts; the Japanese twin
 * is messages.syncRun.ja_jp.ts.
 */
export const syncRunMessagesEn = {
  'sync.failed.linkClash': '{record} was not linked: Xero {kind} {xeroId} is already linked to {other}. Give one of them a different {field} in Vtiger.',
  'sync.failed.deletedDuringRun': '{record} (#{crmid}) was deleted in Vtiger during the sync, so nothing more was done with it here.',
  'sync.failed.record': '{record} could not be recorded: {message}',
  'sync.failed.batch': '{record} failed with the other records of its batch: {message}',
  'sync.refused.duplicateCode': '{record} was not sent: {other} has the same Item Code "{code}" (Xero ignores case and surrounding spaces), so both would land on one Xero item. Change the {field} of one of them in Vtiger.',
  'sync.refused.duplicateName': '{record} was not sent: {other} has the same name "{name}" (Xero compares names ignoring case and surrounding spaces), so both would land on one Xero contact. Rename one of them in Vtiger.',
  'sync.refused.codeTaken': '{record} was not sent: Xero item "{code}" already belongs to {other}, so writing it would change that record\'s item. Change the {field} of one of them in Vtiger.',
  'sync.refused.nameTaken': '{record} was not sent: Xero contact "{name}" already belongs to {other}. Rename one of them in Vtiger.',
  'sync.refused.sameNameAsOrganization': '{record} was not sent: the organization {other} has the same name "{name}". Xero keeps organizations and contacts in one list with one contact per name (ignoring case and surrounding spaces), so both would land on one Xero contact. Rename one of them in Vtiger.',
  'sync.refused.sameNameAsContact': '{record} was not sent: the contact {other} has the same name "{name}". Xero keeps organizations and contacts in one list with one contact per name (ignoring case and surrounding spaces), so both would land on one Xero contact. Rename one of them in Vtiger.',
  'sync.refused.notProven': 'Xero {kind} "{name}" was not written to Vtiger: {count} Vtiger records match it by {by}, so XTiger cannot tell which one it is. Link it by hand or make the {by} unique.',
  'sync.needsAction.field': '{record} needs action: {field} — {problem}. It is sent again when the record is edited.',
  'sync.waiting.parent': '{record} waits for its {module} {parent}: {why} It is sent as soon as {parent} is in Xero; nothing else needs to be done.',
  'sync.waiting.parentNotSent': '{parent} has not been sent to Xero yet.',
  'sync.waiting.parentRefused': '{parent} was refused: {cause}',
  'sync.stopped.run': 'The sync stopped before the end: {message} What was done is kept; the next run continues from there.',
  'sync.stopped.budget': 'The sync stopped after its time budget of {seconds} s; the next run continues from there.',
  'sync.dryRun.wouldWrite': 'Dry run: {count} writes would have been made; nothing was written.',
  'sync.module.organization': 'organization',
  'sync.module.contact': 'contact',
  'sync.module.item': 'item',
  'sync.waiting.parentArchived': '{parent} is archived in Xero; restore it there (or link another record).',
  'sync.invalid.unsupportedCharacters': '{record}: {field} in Xero has characters Vtiger cannot store (such as emoji). Remove them from {field} in Xero; the record is synced again when it changes there. Nothing was written to Vtiger.',
} as const;

/**
 * English messages of authorization and per-user limits at the HTTP edge (server/http/auth). Spread into
 * messages.en_us.ts; the Japanese twin is messages.authz.ja_jp.ts. None of them says whether a hidden record exists.
 */
export const authzMessagesEn = {
  'authz.userNotActive': 'Your Vtiger user is not active (or no longer exists): sign in to Vtiger again.',
  'authz.recordNotVisible': 'This {module} record does not exist, was deleted, or you may not see it.',
  'authz.recordNotEditable': 'This {module} record does not exist, was deleted, or you may not edit it.',
  'authz.noneVisible': 'None of the {count} chosen {module} records can be used: they do not exist, were deleted, or you may not see them.',
  'authz.noneEditable': 'None of the {count} chosen {module} records can be synced: they do not exist, were deleted, or you may not edit them.',
  'authz.leftOut': '{count} of the chosen {module} records were left out: they do not exist, were deleted, or you may not edit them.',
  'authz.conflictNotEditable': 'You may not edit the record of this conflict, so you cannot resolve it. Ask its owner or an administrator.',
  'authz.runNotFound': 'There is no sync run {runId} that you started.',
  'authz.limit.hourly': 'You have used your {limit} syncs for this hour. Try again in {minutes} minutes.',
  'authz.limit.daily': 'This sync would take your Xero calls today past your share ({share} of the organisation\'s {budget} daily calls; {used} used). Try again tomorrow, choose fewer records, or ask an administrator.',
} as const;

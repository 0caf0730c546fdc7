/**
 * The picklist values of XTiger's own modules, as their manifests declare them (vtiger-module/<Module>/manifest.xml;
 * a unit test checks the two agree). The database stays the authority at write time: an admin may add values.
 */
export const LOGGED_MODULES = ['Contacts', 'Accounts', 'Products', 'Services', 'Invoice', 'XeroAccounts'] as const;
export type LoggedModule = (typeof LOGGED_MODULES)[number];

export const SYNC_DIRECTIONS = ['Vtiger to Xero', 'Xero to Vtiger'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];

export const XTLOG_ACTIONS = ['Create', 'Update', 'Delete', 'Skip'] as const;
export type XTLogAction = (typeof XTLOG_ACTIONS)[number];

export const XTLOG_STATUSES = ['Success', 'Failed', 'Skipped', 'Conflict'] as const;
export type XTLogStatus = (typeof XTLOG_STATUSES)[number];

export const SYNC_TRIGGERS = ['Instant', 'Scheduled', 'Webhook'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export const EMAIL_STATUSES = ['Pending', 'Sent', 'Not required', 'Failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const XTQUEUE_STATUSES = ['Queued', 'Processing', 'Done', 'Failed'] as const;
export type XTQueueStatus = (typeof XTQUEUE_STATUSES)[number];

/** Xero's account types (Accounts API `Type`). */
export const XERO_ACCOUNT_TYPES = [
  'BANK', 'CURRENT', 'CURRLIAB', 'DEPRECIATN', 'DIRECTCOSTS', 'EQUITY', 'EXPENSE', 'FIXED', 'INVENTORY', 'LIABILITY',
  'NONCURRENT', 'OTHERINCOME', 'OVERHEADS', 'PREPAYMENT', 'REVENUE', 'SALES', 'TERMLIAB', 'PAYGLIABILITY',
] as const;
export type XeroAccountType = (typeof XERO_ACCOUNT_TYPES)[number];

export const XERO_ACCOUNT_STATUSES = ['ACTIVE', 'ARCHIVED'] as const;
export type XeroAccountStatus = (typeof XERO_ACCOUNT_STATUSES)[number];

/** Record-number prefixes configured by each module's postinstall hook. */
export const RECORD_PREFIXES = { XTLog: 'XTL', XTQueue: 'XTQ', XeroAccounts: 'XA' } as const;

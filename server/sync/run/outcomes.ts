import { translate } from '../../i18n/translate.js';
import type { LoggedModule, SyncDirection as LogDirection, XTLogAction, XTLogStatus } from '../../vtiger/ownModules/ownModuleValues.js';
import type { XeroSyncStatus } from '../../vtiger/xeroInformationBlock.js';
import type { SyncLink } from '../links/linksRepository.js';
import type { RecordWait } from './waits.js';
import { PAIR_MODULE, type SyncPair, type SyncReason } from '../types.js';
import type { PairCounts, RecordOutcomeSummary } from './types.js';

/**
 * What happened to one record in a run, as a value: the count it adds to, its XTLog lines, its queue change, the
 * Xero Information block to write back and the link to store. Built by the executors, written in batches.
 */
export type OutcomeKind = keyof PairCounts;

export interface LogLine {
  direction: LogDirection;
  action: XTLogAction;
  status: XTLogStatus;
  /** The main reason first, then adjustments and resolved conflicts. */
  reasons: SyncReason[];
  /** Text that is already in words (Xero's or Vtiger's own message). */
  detail?: string;
}

export interface RecordOutcome {
  pair: SyncPair;
  crmid: number | null;
  xeroId: string | null;
  kind: OutcomeKind;
  /** The plan's action, for summaries (`createInXero`, `skip`…). */
  action: string;
  logs: LogLine[];
  /**
   * Failed: queue it (or count an attempt; `error` empty: the log line's message); succeeded: close an open queue
   * item; needs action: refused for its own data, so a retry cannot help — an open item is set Failed, none is
   * opened, and the record goes again when it is edited (the change feed brings it).
   */
  queue?: { failed: true; direction: LogDirection; error: string } | { failed: false } | { needsAction: true; direction: LogDirection };
  /** Xero Information block of the Vtiger record (`xeroId` undefined: keep the stored one). */
  block?: { xeroId?: string | null; status: XeroSyncStatus };
  link?: SyncLink;
  /** The Vtiger record is deleted (XTLog and XTQueue rows must not point at it). */
  recordDeleted?: boolean;
  /** Link state only (archive seen / carried out). */
  linkState?: SyncLink['state'];
  /** Why the record waits after this run (see waits.ts); absent: it waits for nothing (any earlier wait is cleared). */
  wait?: RecordWait;
}

export const TO_XERO: LogDirection = 'Vtiger to Xero';
export const TO_VTIGER: LogDirection = 'Xero to Vtiger';

/** Whether a run writes an XTLog line for an outcome: every record it acted on, failed, held or meaningfully skipped. */
export function isLogged(outcome: RecordOutcome): boolean {
  return outcome.logs.length > 0;
}

export function messageOf(line: LogLine, language: string | undefined): string {
  const parts = line.reasons.map((r) => translate(language, r.key, r.params));
  if (line.detail) parts.push(line.detail);
  return parts.join(' ');
}

export function countOutcomes(outcomes: readonly RecordOutcome[], into: PairCounts): void {
  for (const o of outcomes) into[o.kind] += 1;
}

export function summaryOf(outcome: RecordOutcome, language: string | undefined): RecordOutcomeSummary {
  const first = outcome.logs[0];
  return {
    pair: outcome.pair,
    crmid: outcome.crmid,
    xeroId: outcome.xeroId,
    outcome: outcome.kind,
    action: outcome.action,
    message: first ? messageOf(first, language) : '',
  };
}

export function loggedModule(pair: SyncPair): LoggedModule {
  return PAIR_MODULE[pair];
}

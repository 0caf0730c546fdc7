/** The sync engine's entry, in one place: every entry point reaches it through startSyncRun. */
export { runSync } from '../sync/run/runSync.js';

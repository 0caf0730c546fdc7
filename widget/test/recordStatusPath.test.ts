import { describe, expect, it } from 'vitest';
import { getRecordXeroStatus } from '../../server/http/contracts/recordStatus.js';
import { syncNow } from '../../server/http/contracts/sync.js';
import { RECORD_XERO_STATUS_PATH } from '../src/recordStatusClient.js';
import { SYNC_NOW_PATH } from '../src/syncClient.js';

describe('widget ↔ contract', () => {
  it('calls the path of the record status contract (repeated in the widget to keep zod out of the bundle)', () => {
    expect(RECORD_XERO_STATUS_PATH).toBe(getRecordXeroStatus.path);
  });

  it('posts "sync now" to the path and method of the sync contract', () => {
    expect(SYNC_NOW_PATH).toBe(syncNow.path);
    expect(syncNow.method).toBe('post');
  });
});

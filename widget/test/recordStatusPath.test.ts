import { describe, expect, it } from 'vitest';
import { getRecordXeroStatus } from '../../server/http/contracts/recordStatus.js';
import { RECORD_XERO_STATUS_PATH } from '../src/recordStatusClient.js';

describe('widget ↔ contract', () => {
  it('calls the path of the record status contract (repeated in the widget to keep zod out of the bundle)', () => {
    expect(RECORD_XERO_STATUS_PATH).toBe(getRecordXeroStatus.path);
  });
});

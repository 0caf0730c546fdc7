import { describe, expect, it } from 'vitest';
import { isSupportedVersion, majorVersion } from './vtigerVersion.js';

describe('Vtiger version support', () => {
  it('accepts 7.x and 8.x only', () => {
    expect(isSupportedVersion('8.2.0')).toBe(true);
    expect(isSupportedVersion('7.1.0')).toBe(true);
    expect(isSupportedVersion('8.3')).toBe(true);
    expect(isSupportedVersion('6.5.0')).toBe(false);
    expect(isSupportedVersion('9.0.0')).toBe(false);
    expect(isSupportedVersion('eight')).toBe(false);
    expect(majorVersion(' 7.5.0 ')).toBe(7);
    expect(majorVersion('')).toBeUndefined();
  });
});

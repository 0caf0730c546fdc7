/**
 * Which Vtiger versions XTiger reads. The tables and columns it relies on are the same from 7.0 to 8.x;
 * 6.x lacks vtiger_crmentity.label/source handling and 9.x is unknown.
 */
export const SUPPORTED_MAJOR_VERSIONS: readonly number[] = [7, 8];

/** `8.2.0` → 8; undefined when the text is not a version number. */
export function majorVersion(version: string): number | undefined {
  const m = /^\s*(\d+)\.\d+/.exec(version);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

export function isSupportedVersion(version: string): boolean {
  const major = majorVersion(version);
  return major !== undefined && SUPPORTED_MAJOR_VERSIONS.includes(major);
}

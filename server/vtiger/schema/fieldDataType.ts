/**
 * What kind of value a Vtiger field holds, derived from its `uitype` (how Vtiger edits and shows it) and its
 * `typeofdata` (`V~M`, `N~O`, `D~O~OTH~GE~…`: a storage letter code, then M/O for mandatory/optional).
 * Pure functions: the metadata reader and the sync mappers use the same vocabulary.
 */
export type FieldDataType =
  | 'string'
  | 'text'
  | 'integer'
  | 'decimal'
  | 'currency'
  | 'percentage'
  | 'date'
  | 'datetime'
  | 'time'
  | 'boolean'
  | 'picklist'
  | 'multipicklist'
  | 'reference'
  | 'owner'
  | 'email'
  | 'phone'
  | 'url'
  | 'autonumber'
  | 'image'
  | 'other';

/** uitypes whose meaning does not depend on typeofdata. */
const BY_UITYPE: ReadonlyMap<number, FieldDataType> = new Map<number, FieldDataType>([
  [3, 'autonumber'],
  [4, 'autonumber'],
  [5, 'date'],
  [23, 'date'],
  [6, 'datetime'],
  [70, 'datetime'],
  [14, 'time'],
  [9, 'percentage'],
  [71, 'currency'],
  [72, 'currency'],
  [11, 'phone'],
  [13, 'email'],
  [104, 'email'],
  [17, 'url'],
  [15, 'picklist'],
  [16, 'picklist'],
  [33, 'multipicklist'],
  [19, 'text'],
  [20, 'text'],
  [21, 'text'],
  [24, 'text'],
  [56, 'boolean'],
  [156, 'boolean'],
  [53, 'owner'],
  [69, 'image'],
  // references: 10 (any module, vtiger_fieldmodulerel) and the fixed-target ones (vtiger_ws_referencetype)
  [10, 'reference'],
  [50, 'reference'],
  [51, 'reference'],
  [52, 'reference'],
  [57, 'reference'],
  [58, 'reference'],
  [59, 'reference'],
  [66, 'reference'],
  [68, 'reference'],
  [73, 'reference'],
  [75, 'reference'],
  [76, 'reference'],
  [77, 'reference'],
  [78, 'reference'],
  [80, 'reference'],
  [81, 'reference'],
  [101, 'reference'],
  [117, 'reference'],
  [357, 'reference'],
  // files, tax classes, passwords, roles…: nothing a sync maps as a plain value
  [28, 'other'],
  [61, 'other'],
  [83, 'other'],
  [98, 'other'],
  [99, 'other'],
]);

/** Storage codes of typeofdata (first segment). */
const BY_TYPEOFDATA: Readonly<Record<string, FieldDataType>> = {
  V: 'string',
  I: 'integer',
  N: 'decimal',
  NN: 'decimal',
  D: 'date',
  DT: 'datetime',
  T: 'time',
  E: 'email',
  C: 'boolean',
};

export function fieldDataType(uitype: number, typeofdata: string): FieldDataType {
  const fixed = BY_UITYPE.get(uitype);
  if (fixed) return fixed;
  const code = typeofdata.split('~')[0]?.trim().toUpperCase() ?? '';
  return BY_TYPEOFDATA[code] ?? 'other';
}

/** `V~M` → true; Vtiger marks mandatory fields with M in the second segment of typeofdata. */
export function isMandatoryTypeofdata(typeofdata: string): boolean {
  return typeofdata.split('~')[1]?.trim().toUpperCase() === 'M';
}

/** uitypes that store picklist values in a table `vtiger_<fieldname>`. */
export const PICKLIST_UITYPES: ReadonlySet<number> = new Set([15, 16, 33]);

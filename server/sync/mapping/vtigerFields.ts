/**
 * What the sync needs to know about a Vtiger field. `FieldMetadata` of server/vtiger/schema (readModuleMetadata)
 * has all of these, so its fields can be passed as they are.
 */
export interface VtigerFieldInfo {
  name: string;
  label: string;
  /** FieldDataType of server/vtiger/schema: 'string', 'text', 'email', 'phone', 'currency', 'boolean', 'picklist'… */
  dataType: string;
  uitype: number;
  mandatory: boolean;
  readOnly: boolean;
  active?: boolean;
  isCustom: boolean;
  /** Characters the column holds (Vtiger cuts longer text silently). */
  maximumLength: number | undefined;
  picklistValues: string[];
}

/** Field labels by name, for messages. */
export function fieldLabels(fields: readonly VtigerFieldInfo[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.label]));
}

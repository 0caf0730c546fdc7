import { exec, first, maxOf, nextId, type Db } from './db.js';
import type { ModuleRef } from './vtlibModule.js';

/** Links, related lists and Settings entries as vtlib writes them (Vtiger_Link, Vtiger_Module::setRelatedList). */

/** Vtiger_Link::addLink: skipped when the same (tabid, type, url, icon, label) exists. tabid 0 = every page. */
export async function addLink(db: Db, tabid: number, linktype: string, linklabel: string, linkurl: string, linkicon = '', sequence = 0): Promise<void> {
  const exists = await first(db, 'SELECT linkid FROM vtiger_links WHERE tabid = ? AND linktype = ? AND linkurl = ? AND linkicon = ? AND linklabel = ?', [
    tabid, linktype, linkurl, linkicon, linklabel,
  ]);
  if (exists) return;
  const linkid = await nextId(db, 'vtiger_links');
  await exec(db, 'INSERT INTO vtiger_links (linkid, tabid, linktype, linklabel, linkurl, linkicon, sequence) VALUES (?,?,?,?,?,?,?)', [
    linkid, tabid, linktype, linklabel, linkurl, linkicon, sequence,
  ]);
}

/**
 * Vtiger_Module::setRelatedList (8.x): a related-list tab on `host` showing `related` records; with a relation
 * field it is 1:N (get_dependents_list reads that column), otherwise N:N. Vtiger inserts blindly; this skips an
 * existing (tabid, related_tabid, name, label) so hooks stay idempotent.
 */
export async function setRelatedList(
  db: Db, host: ModuleRef, related: ModuleRef, label: string, actions: readonly string[] | false, functionName: string, relationFieldId: number | null,
): Promise<void> {
  const useLabel = label || related.name;
  const exists = await first(db, 'SELECT 1 AS x FROM vtiger_relatedlists WHERE tabid = ? AND related_tabid = ? AND name = ? AND label = ?', [
    host.tabid, related.tabid, functionName, useLabel,
  ]);
  if (exists) return;
  const relationId = await nextId(db, 'vtiger_relatedlists');
  const sequence = (await maxOf(db, 'vtiger_relatedlists', 'sequence', 'tabid = ?', [host.tabid])) + 1;
  const actionText = (actions === false ? ['ADD'] : actions).join(',').toUpperCase();
  await exec(
    db,
    'INSERT INTO vtiger_relatedlists (relation_id, tabid, related_tabid, name, sequence, label, presence, actions, relationfieldid, relationtype) VALUES (?,?,?,?,?,?,?,?,?,?)',
    [relationId, host.tabid, related.tabid, functionName, sequence, useLabel, 0, actionText, relationFieldId, relationFieldId === null ? 'N:N' : '1:N'],
  );
}

export interface SettingsEntry {
  block: string;
  name: string;
  description: string;
  linkto: string;
  iconpath?: string;
}

/** A Settings page entry (vtiger_settings_field), as extensions add it: next id, last in its block, inactive pin. */
export async function addSettingsEntry(db: Db, entry: SettingsEntry): Promise<void> {
  if (await first(db, 'SELECT 1 AS x FROM vtiger_settings_field WHERE name = ?', [entry.name])) return;
  const block = await first<{ blockid: number }>(db, 'SELECT blockid FROM vtiger_settings_blocks WHERE label = ?', [entry.block]);
  if (!block) throw new Error(`settings block ${entry.block} not found`);
  const fieldid = await nextId(db, 'vtiger_settings_field');
  const sequence = (await maxOf(db, 'vtiger_settings_field', 'sequence', 'blockid = ?', [block.blockid])) + 1;
  await exec(db, 'INSERT INTO vtiger_settings_field (fieldid, blockid, name, iconpath, description, linkto, sequence, active, pinned) VALUES (?,?,?,?,?,?,?,?,?)', [
    fieldid, block.blockid, entry.name, entry.iconpath ?? '', entry.description, entry.linkto, sequence, 0, 0,
  ]);
}

import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The four Vtiger packages XTiger ships, their source trees (laid out as the zip) and what the build adds. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MODULE_SOURCE_ROOT = path.join(REPO_ROOT, 'vtiger-module');
export const WIDGET_ENTRY = path.join(REPO_ROOT, 'widget/src/main.ts');
export const DIST_DIR = path.join(REPO_ROOT, 'dist');

export const PACKAGE_NAMES = ['XTiger', 'XTLog', 'XTQueue', 'XeroAccounts'] as const;
export type PackageName = (typeof PACKAGE_NAMES)[number];

/** Entity modules get the shared install hook (vtiger-module/shared/EntityModuleLifecycle.php) copied in. */
export const ENTITY_PACKAGES: readonly PackageName[] = ['XTLog', 'XTQueue', 'XeroAccounts'];
export const SHARED_LIFECYCLE_SOURCE = path.join(MODULE_SOURCE_ROOT, 'shared/EntityModuleLifecycle.php');
/** …and the rule that their records are written by XTiger only (vtiger-module/shared/XTigerOwnedRecords.php). */
export const SHARED_OWNED_RECORDS_SOURCE = path.join(MODULE_SOURCE_ROOT, 'shared/XTigerOwnedRecords.php');
/** Copied into every package: removes the module's files on uninstall. */
export const SHARED_MODULE_FILES_SOURCE = path.join(MODULE_SOURCE_ROOT, 'shared/ModuleFiles.php');

/** Where the widget bundle lands inside XTiger's zip (the HEADERSCRIPT link points there). */
export const WIDGET_BUNDLE_ENTRY = 'layouts/v7/modules/XTiger/resources/xtiger.js';

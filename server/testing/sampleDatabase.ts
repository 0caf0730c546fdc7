import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Knex } from 'knex';
import { createVtigerKnex, type VtigerDbSettings } from '../db/vtigerKnex.js';
import { migrateToLatest } from '../db/migrate.js';
import { SAMPLE_DUMP } from './paths.js';
import { testServerSettings } from './mariadbServer.js';
import { installXTigerModules } from './moduleInstaller/installXTigerModules.js';
import { installerFingerprint } from './moduleInstaller/installerFingerprint.js';

/**
 * Fresh copies of the real Vtiger 8.2.0 sample database for tests, demos and benchmarks.
 *
 * Loading the dump takes ~9 s (525 tables), so it is loaded once into a template database named after the
 * dump's hash (kept between runs), and each test clones the template (~3 s), table by table.
 */
const TEMPLATE_FORMAT = 'v1';
const TEST_DB_PREFIX = 'xt_test_';

export interface SampleDatabase {
  name: string;
  settings: VtigerDbSettings;
  knex: Knex;
  drop(): Promise<void>;
}

export interface SampleDatabaseOptions {
  /** Apply XTiger's own migrations (xtiger_* tables). */
  migrate?: boolean;
  /** A fixed database name (the demo uses one); a unique test name otherwise. */
  name?: string;
  /**
   * Start from a copy with XTiger's four Vtiger modules installed by the test installer (fields, blocks,
   * picklists, related lists, links). Built once into a second template keyed by the installer's inputs, so
   * a test pays the clone (~3 s), not the install (~3 s more).
   */
  installModules?: boolean;
  /** Keep the sample dump's foreign keys (a plain clone drops them); see cloneDatabase. */
  foreignKeys?: boolean;
}

let templateNameCache: string | undefined;

export function sampleTemplateName(): string {
  templateNameCache ??= `xt_tpl_${createHash('sha1').update(TEMPLATE_FORMAT).update(readFileSync(SAMPLE_DUMP)).digest('hex').slice(0, 12)}`;
  return templateNameCache;
}

async function withAdmin<T>(fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = createVtigerKnex({ ...testServerSettings(''), database: undefined as unknown as string, poolMax: 1 });
  try {
    return await fn(knex);
  } finally {
    await knex.destroy();
  }
}

async function isTemplateReady(knex: Knex, name: string): Promise<boolean> {
  const [rows] = (await knex.raw("SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'xt_template_ready'", [name])) as [unknown[]];
  return rows.length > 0;
}

function loadDumpInto(database: string): Promise<void> {
  const s = testServerSettings(database);
  return new Promise((resolve, reject) => {
    const child = spawn('mariadb', ['-h', s.host, '-P', String(s.port), '-u', s.user, ...(s.password ? [`-p${s.password}`] : []), database], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`loading ${SAMPLE_DUMP} into ${database} failed (exit ${code}): ${stderr.trim()}`))));
    createReadStream(SAMPLE_DUMP).on('error', reject).pipe(createGunzip()).pipe(child.stdin);
  });
}

/** Loads the sample dump into the template database once; safe when several test workers call it at once. */
export async function ensureSampleTemplate(): Promise<string> {
  const template = sampleTemplateName();
  await withAdmin(async (knex) => {
    const [[lock]] = (await knex.raw('SELECT GET_LOCK(?, 600) AS got', [template])) as [[{ got: number }]];
    if (lock.got !== 1) throw new Error(`could not lock template ${template}`);
    try {
      if (await isTemplateReady(knex, template)) return;
      await knex.raw(`DROP DATABASE IF EXISTS \`${template}\``);
      await knex.raw(`CREATE DATABASE \`${template}\` DEFAULT CHARACTER SET utf8 COLLATE utf8_general_ci`);
      await loadDumpInto(template);
      await knex.raw(`CREATE TABLE \`${template}\`.xt_template_ready (loaded_at DATETIME NOT NULL)`);
      await knex.raw(`INSERT INTO \`${template}\`.xt_template_ready VALUES (NOW())`);
    } finally {
      await knex.raw('SELECT RELEASE_LOCK(?)', [template]);
    }
  });
  return template;
}

/** The sample template plus our modules, built once per installer version (older ones are dropped). */
export async function ensureModulesTemplate(): Promise<string> {
  const base = await ensureSampleTemplate();
  const template = `${base}_m${await installerFingerprint()}`;
  await withAdmin(async (knex) => {
    const [[lock]] = (await knex.raw('SELECT GET_LOCK(?, 600) AS got', [template])) as [[{ got: number }]];
    if (lock.got !== 1) throw new Error(`could not lock template ${template}`);
    try {
      if (await isTemplateReady(knex, template)) return;
      // Other installer versions' templates: dropped once a day old only, so parallel checkouts of different
      // versions (worktrees, CI beside a developer) never lose a template another run is cloning.
      const [old] = (await knex.raw(
        "SELECT table_schema AS name FROM information_schema.tables WHERE table_schema LIKE ? AND table_name = 'xt_template_ready' AND create_time < NOW() - INTERVAL 1 DAY",
        [`${base}\\_m%`],
      )) as [Array<{ name: string }>];
      for (const { name } of old) await knex.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      // With the dump's foreign keys, for the clones that keep them (the real Vtiger harness).
      await cloneDatabase(knex, base, template, { foreignKeys: true });
      const target = createVtigerKnex({ ...testServerSettings(template), poolMax: 1 });
      try {
        await installXTigerModules(target);
      } finally {
        await target.destroy();
      }
      await knex.raw(`CREATE TABLE \`${template}\`.xt_template_ready (loaded_at DATETIME NOT NULL)`);
      await knex.raw(`INSERT INTO \`${template}\`.xt_template_ready VALUES (NOW())`);
    } finally {
      await knex.raw('SELECT RELEASE_LOCK(?)', [template]);
    }
  });
  return template;
}

/**
 * Copies every table of `source` (structure, rows and AUTO_INCREMENT counters) into a new database `target`.
 * `CREATE TABLE … LIKE` leaves out foreign keys (the sample dump has 186, e.g. ON DELETE CASCADE from
 * vtiger_crmentity); `foreignKeys: true` recreates the tables that have them from SHOW CREATE TABLE instead, as the
 * real Vtiger harness needs.
 */
export async function cloneDatabase(knex: Knex, source: string, target: string, options: { foreignKeys?: boolean } = {}): Promise<void> {
  await knex.raw(`CREATE DATABASE \`${target}\` DEFAULT CHARACTER SET utf8 COLLATE utf8_general_ci`);
  const withForeignKeys = new Set<string>();
  if (options.foreignKeys) {
    const [fk] = (await knex.raw('SELECT DISTINCT table_name AS name FROM information_schema.referential_constraints WHERE constraint_schema = ?', [source])) as [Array<{ name: string }>];
    for (const { name } of fk) withForeignKeys.add(name);
  }
  const [tables] = (await knex.raw(
    "SELECT table_name AS name, auto_increment AS ai FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_name <> 'xt_template_ready'",
    [source],
  )) as [Array<{ name: string; ai: number | null }>];
  await knex.transaction(async (trx) => {
    await trx.raw("SET SESSION sql_mode='NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO'");
    await trx.raw('SET FOREIGN_KEY_CHECKS=0');
    for (const t of tables) {
      if (withForeignKeys.has(t.name)) {
        // Unqualified REFERENCES resolve to the new table's own database.
        const [[row]] = (await trx.raw(`SHOW CREATE TABLE \`${source}\`.\`${t.name}\``)) as [[Record<string, string>]];
        const ddl = (row['Create Table'] ?? '').replace(/^CREATE TABLE `[^`]+`/, `CREATE TABLE \`${target}\`.\`${t.name}\``);
        await trx.raw(ddl);
      } else {
        await trx.raw(`CREATE TABLE \`${target}\`.\`${t.name}\` LIKE \`${source}\`.\`${t.name}\``);
      }
      await trx.raw(`INSERT INTO \`${target}\`.\`${t.name}\` SELECT * FROM \`${source}\`.\`${t.name}\``);
      if (t.ai !== null) await trx.raw(`ALTER TABLE \`${target}\`.\`${t.name}\` AUTO_INCREMENT = ${Number(t.ai)}`);
    }
    await trx.raw('SET FOREIGN_KEY_CHECKS=1');
  });
}

function uniqueTestName(): string {
  return `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

/** A fresh copy of the sample Vtiger database, with its own knex; `drop()` removes it. */
export async function createSampleDatabase(options: SampleDatabaseOptions = {}): Promise<SampleDatabase> {
  const template = options.installModules ? await ensureModulesTemplate() : await ensureSampleTemplate();
  const name = options.name ?? uniqueTestName();
  await withAdmin(async (knex) => {
    await knex.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await cloneDatabase(knex, template, name, { foreignKeys: options.foreignKeys ?? false });
  });
  const settings = testServerSettings(name);
  const knex = createVtigerKnex(settings);
  if (options.migrate) await migrateToLatest(knex);
  return {
    name,
    settings,
    knex,
    async drop() {
      await knex.destroy();
      await withAdmin((admin) => admin.raw(`DROP DATABASE IF EXISTS \`${name}\``));
    },
  };
}

/** Drops test databases left behind by crashed runs (older than two hours, so parallel runs are safe). */
export async function dropStaleTestDatabases(): Promise<void> {
  await withAdmin(async (knex) => {
    const [rows] = (await knex.raw('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE ?', [`${TEST_DB_PREFIX}%`])) as [Array<{ name: string }>];
    const cutoff = Math.floor(Date.now() / 1000) - 2 * 3600;
    for (const { name } of rows) {
      const created = Number(name.slice(TEST_DB_PREFIX.length).split('_')[0]);
      if (Number.isFinite(created) && created < cutoff) await knex.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  });
}

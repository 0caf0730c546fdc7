import type { VtigerDbSettings } from '../db/vtigerKnex.js';

/** The MariaDB server the tests use: 127.0.0.1:3306 as root with an empty password, unless overridden. */
export function testServerSettings(database: string): VtigerDbSettings {
  return {
    host: process.env['XTIGER_TEST_DB_HOST'] ?? '127.0.0.1',
    port: Number(process.env['XTIGER_TEST_DB_PORT'] ?? 3306),
    user: process.env['XTIGER_TEST_DB_USER'] ?? 'root',
    password: process.env['XTIGER_TEST_DB_PASSWORD'] ?? '',
    database,
  };
}

import type { Knex } from 'knex';
import type { XTigerConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';

/** What the HTTP layer is given; use cases take what they need from it. Extended as features land. */
export interface AppDeps {
  config: XTigerConfig;
  /** Vtiger's database, where XTiger's own xtiger_* tables live too. */
  knex: Knex;
  logger: Logger;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now: () => number;
}

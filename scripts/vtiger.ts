/**
 * `npm run vtiger`: the real Vtiger 8.2.0 for a human, on loopback, on a fresh copy of the sample database
 * (`-- --modules` starts from the database with XTiger's modules installed by the test installer). Ctrl-C stops it
 * and drops its database.
 */
import { ADMIN_PASSWORD, ADMIN_USER, startRealVtiger } from '../server/testing/realVtiger/index.js';

async function main(): Promise<void> {
  const installModules = process.argv.includes('--modules');
  console.log('Starting the real Vtiger 8.2.0 …');
  const vtiger = await startRealVtiger({ installModules });
  console.log(`\n  URL       ${vtiger.url}`);
  console.log(`  login     ${ADMIN_USER} / ${ADMIN_PASSWORD}`);
  console.log(`  database  ${vtiger.database.name} (127.0.0.1:${vtiger.database.settings.port}, ${vtiger.database.settings.user})`);
  console.log(`  tree      ${vtiger.root}`);
  console.log(`  started in ${vtiger.timings['total_s']} s\n\nCtrl-C stops it and drops the database.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping …');
    vtiger.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

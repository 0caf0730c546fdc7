import { dropStaleTestDatabases, ensureSampleTemplate } from './sampleDatabase.js';

// Runs once per test run, before any worker: loads the sample Vtiger dump into the template database.
export default async function setup(): Promise<void> {
  await dropStaleTestDatabases();
  await ensureSampleTemplate();
}

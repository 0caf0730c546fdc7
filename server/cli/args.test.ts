import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from './args.js';

function usageError(argv: string[]): CliUsageError {
  try {
    parseCliArgs(argv);
  } catch (e) {
    if (e instanceof CliUsageError) return e;
    throw e;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('xtiger sync arguments', () => {
  it('defaults to every module, configured direction, no ids, writing', () => {
    expect(parseCliArgs(['sync'])).toEqual({ command: 'sync', dryRun: false });
  });

  it('takes pair names and Vtiger module names, repeated or comma separated, in run order without duplicates', () => {
    expect(parseCliArgs(['sync', '--module', 'Products', '-m', 'organizations,contacts', '--module=Contacts'])).toEqual({
      command: 'sync',
      modules: ['contacts', 'accounts', 'products'],
      dryRun: false,
    });
    expect(parseCliArgs(['sync', '--module', 'Accounts'])).toMatchObject({ modules: ['accounts'] });
    expect(parseCliArgs(['sync', '--module', 'services'])).toMatchObject({ modules: ['services'] });
    // Invoices (Vtiger's module "Invoice") always run after the four pairs.
    expect(parseCliArgs(['sync', '--module', 'Invoice,contacts'])).toMatchObject({ modules: ['contacts', 'invoices'] });
    expect(parseCliArgs(['sync', '-m', 'invoices'])).toMatchObject({ modules: ['invoices'] });
  });

  it('maps directions to the run contract', () => {
    expect(parseCliArgs(['sync', '--direction', 'to-xero'])).toMatchObject({ direction: 'toXero' });
    expect(parseCliArgs(['sync', '-d', 'TO-VTIGER'])).toMatchObject({ direction: 'toVtiger' });
    expect(parseCliArgs(['sync', '--direction=both'])).toMatchObject({ direction: 'both' });
  });

  it('reads ids comma or space separated, up to the next option, and webservice ids by their crmid', () => {
    expect(parseCliArgs(['sync', '--ids', '12,15', '18', '12x40', '--dry-run'])).toEqual({ command: 'sync', ids: [12, 15, 18, 40], dryRun: true });
    expect(parseCliArgs(['sync', '--ids=7,8', '--ids', '8 9'])).toMatchObject({ ids: [7, 8, 9] });
    expect(parseCliArgs(['sync', '-n'])).toMatchObject({ dryRun: true });
  });

  it('names the argument at fault', () => {
    expect(usageError(['sync', '--module', 'Quotes'])).toMatchObject({ argument: '--module', message: expect.stringContaining('"Quotes"') as unknown });
    expect(usageError(['sync', '--module'])).toMatchObject({ argument: '--module', message: '--module needs a value.' });
    expect(usageError(['sync', '--direction', 'sideways'])).toMatchObject({ argument: '--direction', message: expect.stringContaining('to-xero, to-vtiger, both') as unknown });
    expect(usageError(['sync', '--ids', '12,abc'])).toMatchObject({ argument: '--ids', message: expect.stringContaining('"abc"') as unknown });
    expect(usageError(['sync', '--ids', '0'])).toMatchObject({ argument: '--ids' });
    expect(usageError(['sync', '--ids', '--dry-run'])).toMatchObject({ argument: '--ids', message: '--ids needs at least one Vtiger record id.' });
    expect(usageError(['sync', '--force'])).toMatchObject({ argument: '--force', message: 'Unknown option "--force" for xtiger sync.' });
    expect(usageError(['sync', '12'])).toMatchObject({ argument: '12' });
    expect(usageError(['sync', '--dry-run=yes'])).toMatchObject({ argument: '--dry-run' });
    expect(usageError(['sync', '--ids', Array.from({ length: 10_001 }, (_, i) => i + 1).join(',')])).toMatchObject({ argument: '--ids' });
  });
});

describe('xtiger commands', () => {
  it('knows status and help, and rejects anything else', () => {
    expect(parseCliArgs(['status'])).toEqual({ command: 'status' });
    expect(parseCliArgs([])).toEqual({ command: 'help' });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(usageError(['status', '--verbose'])).toMatchObject({ argument: '--verbose' });
    expect(usageError(['push'])).toMatchObject({ argument: 'push', message: 'Unknown command "push": use sync, status or help.' });
  });
});

import { RUN_MODULES, type RunModule } from '../sync/run/types.js';
import type { SyncDirection } from '../sync/types.js';

/**
 * The `xtiger` command line, parsed into a typed command. Pure: no I/O, so every rule is unit-tested. A bad
 * argument is a `CliUsageError` naming it (the entry point prints it and exits with code 2).
 */
export type CliCommand =
  | { command: 'sync'; modules?: RunModule[]; direction?: SyncDirection; ids?: number[]; dryRun: boolean }
  | { command: 'status' }
  | { command: 'help' };

export class CliUsageError extends Error {
  /** The argument at fault, e.g. `--module`. */
  readonly argument: string;

  constructor(argument: string, message: string) {
    super(message);
    this.name = 'CliUsageError';
    this.argument = argument;
  }
}

export const USAGE = `Usage:
  xtiger sync [--module M] [--direction D] [--ids ID…] [--dry-run]
  xtiger status
  xtiger help

sync      Runs the two-way sync between Vtiger and Xero now and prints what it did.
  --module, -m M     contacts | accounts | products | services | invoices, or the Vtiger module name
                     (Contacts, Accounts/Organizations, Products, Services, Invoice). Repeat it or give a comma
                     list; default all. Invoices run last (with payments and Xero invoices back, as the direction allows).
  --direction, -d D  to-xero | to-vtiger | both (narrows each module's configured direction; default as configured).
  --ids ID…          Vtiger record ids, comma or space separated: sync exactly these records.
  --dry-run, -n      Report what would happen; write nothing to Vtiger or Xero.
status    Shows the Xero connection and the last sync runs.

Settings come from the environment or .env (see README.md). Exit codes: 0 done, 1 the sync failed, 2 bad arguments.`;

/** Accepted spellings of each module, lower-cased: the pair names and Vtiger's module names and labels. */
const MODULE_NAMES: ReadonlyMap<string, RunModule> = new Map<string, RunModule>([
  ['contacts', 'contacts'],
  ['contact', 'contacts'],
  ['accounts', 'accounts'],
  ['account', 'accounts'],
  ['organizations', 'accounts'],
  ['organization', 'accounts'],
  ['organisations', 'accounts'],
  ['organisation', 'accounts'],
  ['products', 'products'],
  ['product', 'products'],
  ['services', 'services'],
  ['service', 'services'],
  ['invoices', 'invoices'],
  ['invoice', 'invoices'],
]);

const DIRECTIONS: ReadonlyMap<string, SyncDirection> = new Map<string, SyncDirection>([
  ['to-xero', 'toXero'],
  ['to-vtiger', 'toVtiger'],
  ['both', 'both'],
]);

/** Largest id list one run takes (the run contract's limit). */
const MAX_IDS = 10_000;

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case 'status':
      if (rest.length > 0) throw new CliUsageError(rest[0] ?? '', `xtiger status takes no arguments; got "${rest[0]}".`);
      return { command: 'status' };
    case 'sync':
      return parseSync(rest);
    default:
      throw new CliUsageError(command, `Unknown command "${command}": use sync, status or help.`);
  }
}

function parseSync(args: readonly string[]): CliCommand {
  const modules: RunModule[] = [];
  const ids: number[] = [];
  let direction: SyncDirection | undefined;
  let dryRun = false;
  let i = 0;
  /** The value of an option: `--x=v` or the next argument. */
  const valueOf = (flag: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const next = args[i + 1];
    if (next === undefined || next.startsWith('-')) throw new CliUsageError(flag, `${flag} needs a value.`);
    i++;
    return next;
  };
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    switch (flag) {
      case '--module':
      case '-m':
        for (const name of splitList(valueOf('--module', inline))) modules.push(moduleOf(name));
        break;
      case '--direction':
      case '-d': {
        const raw = valueOf('--direction', inline);
        const parsed = DIRECTIONS.get(raw.toLowerCase());
        if (parsed === undefined) throw new CliUsageError('--direction', `--direction "${raw}" is not one of to-xero, to-vtiger, both.`);
        direction = parsed;
        break;
      }
      case '--ids': {
        // Comma or space separated: `--ids 12,15 18` takes every following argument up to the next option.
        const values = inline !== undefined ? [inline] : [];
        while (inline === undefined && args[i + 1] !== undefined && !(args[i + 1] ?? '').startsWith('-')) values.push(args[++i] ?? '');
        const parsed = values.flatMap(splitList).map(idOf);
        if (parsed.length === 0) throw new CliUsageError('--ids', '--ids needs at least one Vtiger record id.');
        ids.push(...parsed);
        break;
      }
      case '--dry-run':
      case '-n':
        if (inline !== undefined) throw new CliUsageError('--dry-run', '--dry-run takes no value.');
        dryRun = true;
        break;
      default:
        throw new CliUsageError(arg, arg.startsWith('-') ? `Unknown option "${arg}" for xtiger sync.` : `Unexpected argument "${arg}" (record ids go after --ids).`);
    }
  }
  const uniqueIds = [...new Set(ids)];
  if (uniqueIds.length > MAX_IDS) throw new CliUsageError('--ids', `--ids takes at most ${MAX_IDS} record ids; got ${uniqueIds.length}.`);
  return {
    command: 'sync',
    ...(modules.length > 0 ? { modules: [...new Set(modules)].sort((a, b) => RUN_MODULES.indexOf(a) - RUN_MODULES.indexOf(b)) } : {}),
    ...(direction !== undefined ? { direction } : {}),
    ...(uniqueIds.length > 0 ? { ids: uniqueIds } : {}),
    dryRun,
  };
}

function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function moduleOf(name: string): RunModule {
  const pair = MODULE_NAMES.get(name.toLowerCase());
  if (pair === undefined) throw new CliUsageError('--module', `--module "${name}" is not one of contacts, accounts, products, services, invoices (or Contacts, Organizations, Products, Services, Invoice).`);
  return pair;
}

function idOf(text: string): number {
  // Vtiger webservice ids (`12x34`) name the record by its crmid after the `x`; plain crmids are the usual form.
  const crmid = /^\d+x(\d+)$/.exec(text)?.[1] ?? text;
  const id = /^\d+$/.test(crmid) ? Number(crmid) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new CliUsageError('--ids', `--ids "${text}" is not a Vtiger record id (a positive whole number).`);
  return id;
}

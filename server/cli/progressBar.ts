import type { RunProgress } from '../sync/run/types.js';
import { PAIR_LABELS } from '../syncRuns/pairLabels.js';

/** Where progress goes: process.stderr in the command, a buffer in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  update(progress: RunProgress): void;
  /** Ends the bar's line (a TTY) so the summary starts on a clean line. */
  finish(): void;
}

const BAR_WIDTH = 30;

/** One line of the bar: `Contacts (pass 1)  [#########.....]  45/100  45%`. Pure, for tests. */
export function renderProgressLine(p: RunProgress, width = BAR_WIDTH): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(fraction * width);
  const label = `${PAIR_LABELS[p.pair]}${p.pass > 1 ? ` (pass ${p.pass})` : ''}`;
  return `${label.padEnd(24)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(p.done).padStart(6)}/${p.total} ${String(Math.round(fraction * 100)).padStart(3)}%`;
}

/**
 * A tiny progress bar. On a terminal it redraws one line in place; elsewhere (a log file, CI, a pipe) it writes a
 * plain line when a module pass starts, at every further 25 %, and when it ends — never a carriage return.
 */
export function createProgressReporter(stream: ProgressStream): ProgressReporter {
  if (stream.isTTY) {
    let drawn = false;
    return {
      update(p) {
        const line = renderProgressLine(p);
        const columns = stream.columns ?? 80;
        stream.write(`\r${line.slice(0, Math.max(10, columns - 1))}\x1b[K`);
        drawn = true;
      },
      finish() {
        if (drawn) stream.write('\n');
        drawn = false;
      },
    };
  }
  const lastQuarter = new Map<string, number>();
  return {
    update(p) {
      const key = `${p.pair}:${p.pass}`;
      const quarter = p.total > 0 ? Math.floor((4 * Math.min(p.done, p.total)) / p.total) : 4;
      const previous = lastQuarter.get(key);
      if (previous !== undefined && quarter <= previous) return;
      lastQuarter.set(key, quarter);
      stream.write(`${renderProgressLine(p)}\n`);
    },
    finish() {
      lastQuarter.clear();
    },
  };
}

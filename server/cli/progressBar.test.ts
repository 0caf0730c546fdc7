import { describe, expect, it } from 'vitest';
import { createProgressReporter, renderProgressLine } from './progressBar.js';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, columns: 100, write: (t: string) => written.push(t) } };
}

describe('progress bar', () => {
  it('draws the share done', () => {
    expect(renderProgressLine({ pair: 'accounts', pass: 1, done: 5, total: 10 }, 10)).toBe('Organizations            [#####.....]      5/10  50%');
    expect(renderProgressLine({ pair: 'products', pass: 2, done: 0, total: 0 }, 4)).toBe('Products (pass 2)        [####]      0/0 100%');
  });

  it('redraws one line in place on a terminal and ends it when done', () => {
    const { written, stream } = sink(true);
    const bar = createProgressReporter(stream);
    bar.update({ pair: 'contacts', pass: 1, done: 1, total: 4 });
    bar.update({ pair: 'contacts', pass: 1, done: 4, total: 4 });
    bar.finish();
    expect(written).toHaveLength(3);
    const ERASE_TO_END = '\x1b[K';
    expect(written.slice(0, 2).every((l) => l.startsWith('\r') && l.endsWith(ERASE_TO_END))).toBe(true);
    expect(written[0]).toContain('1/4  25%');
    expect(written[1]).toContain('4/4 100%');
    expect(written[2]).toBe('\n');
  });

  it('writes plain lines elsewhere: at the start, each further quarter and the end of each module pass', () => {
    const { written, stream } = sink(false);
    const bar = createProgressReporter(stream);
    for (let done = 0; done <= 100; done += 10) bar.update({ pair: 'contacts', pass: 1, done, total: 100 });
    bar.update({ pair: 'products', pass: 1, done: 3, total: 3 });
    bar.finish();
    expect(written.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(written.map((l) => /(\d+)\/(\d+)/.exec(l)?.[0])).toEqual(['0/100', '30/100', '50/100', '80/100', '100/100', '3/3']);
  });
});

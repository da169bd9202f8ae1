// What only a terminal sees: colour decisions and the progress line on stderr.
import { describe, expect, it } from 'vitest';
import { colourOn } from '../src/cli/output.js';
import { Progress } from '../src/cli/progress.js';

describe('colour', () => {
  it.each([
    [true, {}, true],
    [false, {}, false], // a pipe or a file
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true], // no-color.org: set to an empty string means not set
  ])('terminal %s, env %j -> %s', (isTTY, env, expected) => {
    expect(colourOn({ isTTY }, env)).toBe(expected);
  });
});

describe('Progress', () => {
  function run(isTTY: boolean, times: number[]): string {
    let out = '';
    let k = 0;
    const clock = (): number => times[Math.min(k++, times.length - 1)];
    const p = new Progress({ isTTY, write: (t: string) => (out += t) }, clock);
    p.update('big.csv', 5 * 1_048_576);
    p.update('big.csv', 12 * 1_048_576);
    p.done();
    return out;
  }

  it('stays silent for a run shorter than a second', () => {
    expect(run(true, [0, 100, 200])).toBe('');
  });

  it('draws on a terminal after a second, and clears its line at the end', () => {
    expect(run(true, [0, 1500, 1600])).toBe('\r\x1b[2Kreading big.csv: 5.0 MiB\r\x1b[2K');
  });

  it('never draws when stderr is not a terminal', () => {
    expect(run(false, [0, 5000, 9000])).toBe('');
  });
});

// What the interleaved benchmarks share (bench/pricing.js, bench/reconcile.js, bench/formats.js,
// bench/compare.js): the command line's `ROWS` and `--runs N`, one timed run of the CLI (wall
// seconds and max RSS from GNU time), rounds interleaved in an order that turns each round (a
// drift of the machine touches every case alike), medians, and the Markdown table of them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** `[ROWS] [--runs N]` of a benchmark's command line, with its defaults. */
export function benchArgs(defaults) {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const rounds = runsAt >= 0 ? Number(args[runsAt + 1]) : defaults.rounds;
  const rows = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs') ?? defaults.rows);
  return { rounds, rows, label: rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1000}k` };
}

/** One run of `wa-audit ARGV`: wall seconds and max RSS in MiB. Exit 0 and 1 are runs; others fail. */
export function timedRun(argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, `${root}bin/wa-audit.js`, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}`);
  const [secs, kib] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { secs, mib: kib / 1024 };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Each case's runs over `rounds` interleaved rounds, the order reversed every other round. */
export function interleaved(cases, rounds) {
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++) {
    const names = i % 2 === 0 ? Object.keys(cases) : Object.keys(cases).reverse();
    for (const name of names) times[name].push(timedRun(cases[name]));
    process.stderr.write(`round ${i + 1}/${rounds}: ${Object.keys(cases).map((k) => `${k} ${times[k].at(-1).secs}s`).join(', ')}\n`);
  }
  return times;
}

/** The Markdown table of each case's median, spread and median max RSS. */
export function printTimes(times, first) {
  console.log(`| ${first} | median | min-max | max RSS (median) |`);
  console.log('|---|---|---|---|');
  for (const [name, t] of Object.entries(times)) {
    const s = t.map((x) => x.secs);
    console.log(`| ${name} | ${median(s).toFixed(2)} s | ${Math.min(...s).toFixed(2)}-${Math.max(...s).toFixed(2)} s | ${Math.round(median(t.map((x) => x.mib)))} MiB |`);
  }
}

/** Case `a`'s median time over case `b`'s, as `1.23`. */
export const ratio = (times, a, b) => (median(times[a].map((x) => x.secs)) / median(times[b].map((x) => x.secs))).toFixed(2);

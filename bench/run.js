#!/usr/bin/env node
// npm run bench: generates seeded synthetic logs (bench/data/, reused when present), then times
// the floor (read and split only), the table audit and the full JSON audit on each, with peak
// memory (max RSS) from /usr/bin/time. Prints a Markdown table for docs/benchmarks.md.
//
//   npm run bench                 100k and 1M rows, sorted and shuffled, then the pricing
//                                 benchmark (bench/pricing.js: meta --rates against robbu)
//                                 the formats (bench/formats.js: CSV and HTML against JSON)
//                                 and reconcile (bench/reconcile.js: a 500k-line invoice)
//   npm run bench -- 100000       only these sizes
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeLog } from './gen.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = `${root}bench/data`;
const outDir = `${root}bench/out`;
mkdirSync(data, { recursive: true });
mkdirSync(outDir, { recursive: true });

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [100_000, 1_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function measure(args) {
  // GNU time: %e wall seconds, %M max RSS in KiB. The fastest of RUNS runs is kept.
  let best = null;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 64 << 20,
    });
    const last = r.stderr.trim().split('\n').pop();
    const [secs, kib] = last.split(' ').map(Number);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
    if (best === null || secs < best.secs) best = { secs, mib: Math.round(kib / 1024) };
  }
  return best;
}

const label = (n) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
const rows = [];
for (const n of SIZES) {
  for (const shuffle of [false, true]) {
    const file = `${data}/log-${label(n)}-${shuffle ? 'shuffled' : 'sorted'}.csv`;
    if (!existsSync(file)) await writeLog(file, n, { shuffle, seed: 1 });
    const mb = (statSync(file).size / 1e6).toFixed(0);
    const floor = measure([`${root}bench/floor.js`, file]);
    const table = measure([`${root}bin/wa-audit.js`, 'audit', file]);
    const json = measure([`${root}bin/wa-audit.js`, 'audit', file, '--format', 'json', '--out', `${outDir}/report.json`]);
    const row = {
      input: `${label(n)} ${shuffle ? 'shuffled' : 'sorted'} (${mb} MB)`,
      floor,
      table,
      json,
    };
    rows.push(row);
    process.stderr.write(`${row.input}: floor ${floor.secs}s, table ${table.secs}s, json ${json.secs}s\n`);
  }
}

const cpu = cpus()[0]?.model ?? 'unknown cpu';
const node = process.version;
const date = new Date().toISOString().slice(0, 10);
const git = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
console.log(`Machine: ${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${node}; ${date}; commit ${git}; best of ${RUNS} runs.\n`);
console.log('| input | floor | table audit | ratio | JSON audit | ratio | max RSS table / JSON |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const ratio = (x) => (x.secs / r.floor.secs).toFixed(2) + 'x';
  console.log(
    `| ${r.input} | ${r.floor.secs.toFixed(2)} s | ${r.table.secs.toFixed(2)} s | ${ratio(r.table)} | ${r.json.secs.toFixed(2)} s | ${ratio(r.json)} | ${r.table.mib} / ${r.json.mib} MiB |`,
  );
}

// The pricing benchmark: meta with a rate card against robbu, medians of interleaved rounds.
console.log('');
const pricing = spawnSync(process.execPath, [`${root}bench/pricing.js`, String(SIZES.at(-1))], { stdio: ['ignore', 'inherit', 'inherit'] });
if (pricing.status !== 0) process.exitCode = 1;

// The formats against JSON on the largest sorted log (CSV and HTML within 1.5x).
console.log('');
const largest = `${data}/log-${label(SIZES.at(-1))}-sorted.csv`;
const formats = spawnSync(process.execPath, [`${root}bench/formats.js`, largest], { stdio: ['ignore', 'inherit', 'inherit'] });
if (formats.status !== 0) process.exitCode = 1;

// Reconcile: the largest log against an invoice of half as many lines, against the table audit (within 2x).
console.log('');
const reconcile = spawnSync(process.execPath, [`${root}bench/reconcile.js`, String(SIZES.at(-1))], { stdio: ['ignore', 'inherit', 'inherit'] });
if (reconcile.status !== 0) process.exitCode = 1;

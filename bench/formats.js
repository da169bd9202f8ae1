#!/usr/bin/env node
// The report's formats against JSON: the same log audited with --format json, csv (a folder)
// and html, in interleaved rounds, medians compared (issue budget: CSV and HTML within 1.5x of
// the JSON report's time).
//
//   node bench/formats.js LOG.csv [--runs N]      default 5 rounds
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, root } from './rounds.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const ROUNDS = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const LOG = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
if (LOG === undefined) {
  process.stderr.write('usage: node bench/formats.js LOG.csv [--runs N]\n');
  process.exit(2);
}
const out = mkdtempSync(join(tmpdir(), 'wa-formats-'));
const CASES = {
  json: ['--format', 'json', '--out', join(out, 'r.json')],
  csv: ['--format', 'csv', '--out', join(out, 'csv')],
  html: ['--format', 'html', '--out', join(out, 'r.html')],
};
const times = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
for (let i = 0; i < ROUNDS; i++) {
  for (const name of i % 2 === 0 ? Object.keys(CASES) : Object.keys(CASES).reverse()) {
    // The previous report is removed outside the timing.
    rmSync(join(out, 'r.json'), { force: true });
    rmSync(join(out, 'csv'), { recursive: true, force: true });
    rmSync(join(out, 'r.html'), { force: true });
    const r = spawnSync('/usr/bin/time', ['-f', '%e', process.execPath, `${root}bin/wa-audit.js`, 'audit', LOG, ...CASES[name]], { encoding: 'utf8' });
    times[name].push(Number(r.stderr.trim().split('\n').pop()));
  }
}
rmSync(out, { recursive: true, force: true });
console.log(`Formats, ${LOG}, ${ROUNDS} interleaved rounds, medians:\n`);
console.log('| format | median | min-max | vs JSON |');
console.log('|---|---|---|---|');
for (const [name, t] of Object.entries(times)) {
  console.log(`| ${name} | ${median(t).toFixed(2)} s | ${Math.min(...t).toFixed(2)}-${Math.max(...t).toFixed(2)} s | ${(median(t) / median(times.json)).toFixed(2)}x |`);
}

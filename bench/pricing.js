#!/usr/bin/env node
// The pricing benchmark: the same log audited (table) under `robbu` and under `--ruleset meta
// --rates bench/rates-bench.csv`, in interleaved rounds, medians compared (the machines drift:
// never one run against another). The log spans Meta's 2025-07-01 switch, with contacts in
// several markets, every template category and inbound messages from ads (`gen.js --pricing`).
// A second log, the same from 2026-09-16, spans the 2026-10-01 switch, after which the service
// allowance is a tier across keys: there every key is replayed twice (docs/rulesets.md).
//
//   node bench/pricing.js [ROWS] [--runs N]      default 1M rows, 10 rounds
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeLog } from './gen.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const data = `${root}bench/data`;
mkdirSync(data, { recursive: true });
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const ROUNDS = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
const ROWS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs') ?? 1_000_000);
const label = ROWS >= 1_000_000 ? `${ROWS / 1_000_000}M` : `${ROWS / 1000}k`;
const file = `${data}/log-${label}-pricing.csv`;
if (!existsSync(file)) await writeLog(file, ROWS, { seed: 1, pricing: true });
const file2026 = `${data}/log-${label}-pricing-2026.csv`;
if (!existsSync(file2026)) await writeLog(file2026, ROWS, { seed: 1, pricing: true, from: '2026-09-16' });

const meta = (f) => ['audit', f, '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', `${root}bench/rates-bench.csv`];
const CASES = {
  robbu: ['audit', file, '--tz', 'America/Sao_Paulo'],
  'meta --rates': meta(file),
  'robbu (2026 log)': ['audit', file2026, '--tz', 'America/Sao_Paulo'],
  'meta --rates (2026 log)': meta(file2026),
};

function run(argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, `${root}bin/wa-audit.js`, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}`);
  const [secs, kib] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { secs, mib: kib / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const times = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
for (let i = 0; i < ROUNDS; i++) {
  // Interleaved, the order alternating from round to round.
  const names = i % 2 === 0 ? Object.keys(CASES) : Object.keys(CASES).reverse();
  for (const name of names) times[name].push(run(CASES[name]));
  process.stderr.write(`round ${i + 1}/${ROUNDS}: ${Object.keys(CASES).map((k) => `${k} ${times[k].at(-1).secs}s`).join(', ')}\n`);
}
const mb = (statSync(file).size / 1e6).toFixed(0);
console.log(`Pricing logs ${label} (${mb} MB each), table audit, ${ROUNDS} interleaved rounds, medians:\n`);
console.log('| ruleset | median | min-max | max RSS (median) |');
console.log('|---|---|---|---|');
for (const [name, t] of Object.entries(times)) {
  const s = t.map((x) => x.secs);
  console.log(`| ${name} | ${median(s).toFixed(2)} s | ${Math.min(...s).toFixed(2)}-${Math.max(...s).toFixed(2)} s | ${Math.round(median(t.map((x) => x.mib)))} MiB |`);
}
const ratio = (a, b) => (median(times[a].map((x) => x.secs)) / median(times[b].map((x) => x.secs))).toFixed(2);
console.log(`\nmeta --rates / robbu: ${ratio('meta --rates', 'robbu')}x over 2025-06-16..07-16 (budget 1.3x); ${ratio('meta --rates (2026 log)', 'robbu (2026 log)')}x over 2026-09-16..10-16 (two replays)`);
